/**
 * `createTestBus(catalog)`: seed 003's MockEventBus, typed. A real bus over a recording
 * in-process transport: register a service's handlers on it, `deliver` an event and get
 * back what happened to it, and assert on what the service published.
 */
import { createBus } from "../bus/bus.js";
import type { BusOptions, EventBus, EventName, EventOf, PublishMeta } from "../bus/bus-types.js";
import type { CatalogDefinition, EventMapBase } from "../bus/catalog.js";
import type { CloudEvent } from "../bus/envelope.js";
import { silentLogger } from "../bus/logger.js";
import { ReceivedEvent } from "../bus/received-event.js";
import { checkOptions, isObject, isString } from "../bus/option-checks.js";
import { RECORDING_OPTIONS, recordingTransport, type RecordedDelivery, type RecordingTransport, type RecordingTransportOptions } from "./recording-transport.js";

export interface DeliveryReport {
  event: CloudEvent;
  /** Every delivery of the event, retries included, in the order they settled. */
  deliveries: RecordedDelivery[];
  /** Deliveries whose handler failed (retried or dead-lettered). */
  failures: RecordedDelivery[];
}

export interface TestBus<M extends EventMapBase> extends EventBus<M> {
  readonly transport: RecordingTransport;
  /** Every event published so far (by the test or by handlers), in order. */
  readonly published: readonly CloudEvent[];
  /** The published events of one name, typed. */
  publishedOf<N extends EventName<M>>(name: N): EventOf<M, N>[];
  /** Publishes, waits until every handler (and retry) has settled, and reports what happened to the event. */
  deliver<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): Promise<DeliveryReport>;
  /** Resolves once nothing is queued, being handled, or waiting for a retry. */
  settled(): Promise<void>;
  /** Forgets what was published and delivered so far. */
  clear(): void;
}

export interface TestBusOptions extends Omit<BusOptions, "transport">, RecordingTransportOptions {}

export function createTestBus<M extends EventMapBase>(catalog: CatalogDefinition<M>, options: TestBusOptions = {}): TestBus<M> {
  checkOptions(options, { ...RECORDING_OPTIONS, source: isString, logger: isObject }, "options");
  const { source, logger = silentLogger, ...transportOptions } = options;
  const transport = recordingTransport(transportOptions);
  const bus = createBus(catalog, { transport, logger, ...(source === undefined ? {} : { source }) });
  return {
    catalog: bus.catalog,
    transport,
    deadLetters: bus.deadLetters,
    publish: bus.publish.bind(bus),
    publishMany: bus.publishMany.bind(bus),
    subscribe: bus.subscribe.bind(bus),
    request: bus.request.bind(bus),
    reply: bus.reply.bind(bus),
    stats: bus.stats.bind(bus),
    health: bus.health.bind(bus),
    close: bus.close.bind(bus),
    get published() {
      return transport.published;
    },
    publishedOf<N extends EventName<M>>(name: N): EventOf<M, N>[] {
      return transport.published.filter((event) => event.type === name).map((event) => new ReceivedEvent(event, 1) as never);
    },
    async deliver<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): Promise<DeliveryReport> {
      const event = await bus.publish(name, data, meta);
      await transport.settled();
      const deliveries = transport.deliveries.filter((delivery) => delivery.event.id === event.id);
      return { event, deliveries, failures: deliveries.filter((delivery) => delivery.settlement.kind !== "ack") };
    },
    settled: () => transport.settled(),
    clear: () => transport.clear(),
  };
}
