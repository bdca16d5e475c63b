/**
 * `eventsmith/testing`: helpers for services' unit tests. `createTestBus(catalog)` gives a
 * real, typed bus over a recording in-process transport: drive handlers with `deliver`,
 * assert on `published`. `recordingTransport()` plugs the same recording into a
 * generated `createEventBus({ transport })`.
 */
export { createTestBus, type DeliveryReport, type TestBus, type TestBusOptions } from "./test-bus.js";
export {
  RecordingTransport,
  recordingTransport,
  type RecordedDelivery,
  type RecordingTransportOptions,
} from "./recording-transport.js";
