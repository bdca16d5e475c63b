/**
 * `eventsmith/runtime`: what generated SDKs and services import at run time.
 */
export { createBus, createServiceBus } from "./bus/bus.js";
export type { ServiceDefinition } from "./bus/service-scope.js";
export { defineCatalog, defineEvent, PRIORITIES } from "./bus/catalog.js";
export type { CatalogDefinition, DeliveryDefaults, EventDefinition, EventDefinitionInput, EventMapBase, Priority } from "./bus/catalog.js";
export type {
  AnyEventOf,
  Backoff,
  BusEvent,
  BusHealth,
  BusOptions,
  BusSetup,
  BusStats,
  BusStatus,
  EventBus,
  EventCounters,
  EventName,
  EventOf,
  EventsMatching,
  ExponentialBackoff,
  Handler,
  PatternOf,
  PublishInput,
  PublishMeta,
  ReplyInput,
  ReplyOptions,
  RequestOptions,
  SubscribeOptions,
  Subscription,
  ServiceBus,
  SubscriptionStats,
  TenantStats,
} from "./bus/bus-types.js";
export {
  healthHandler,
  type HealthHandlerOptions,
  type HealthRequest,
  type HealthRequestHandler,
  type HealthResponse,
} from "./bus/health-handler.js";
export type {
  HandleObserver,
  HandleOutcome,
  Instrumentation,
  InstrumentationHooks,
  InstrumentedBus,
  PublishObserver,
} from "./bus/instrumentation.js";
export type { MatchingNames, PatternsOf } from "./bus/pattern-types.js";
export type { HandlerContext, Inbox } from "./bus/inbox.js";
export {
  AbortedError,
  BusClosedError,
  TransportUnavailableError,
  EventsmithError,
  HandlerTimeoutError,
  InvalidOptionsError,
  InvalidPatternError,
  InvalidReplyError,
  NonRetryableError,
  NoRespondersError,
  PublishValidationError,
  ReplicationTimeoutError,
  RequestReplyUnsupportedError,
  RequestTimeoutError,
  ServiceEventError,
  UnknownEventError,
  type PublishViolation,
} from "./bus/errors.js";
export { decodeBinary, encodeBinary, EnvelopeError, undecodableEvent } from "./bus/envelope.js";
export type { BinaryEvent, CloudEvent, CloudEventAttributes } from "./bus/envelope.js";
export { check, formatIssues, toIssues } from "./bus/validation.js";
export type { AjvErrorObject, ValidationIssue, ValidationResult, Validator } from "./bus/validation.js";
export type {
  DeadLetter,
  DeadLetterError,
  DeadLetterQuery,
  DeadLetterStore,
  Delivery,
  DeliveryHandler,
  HealthReporting,
  InProcessConsumer,
  InProcessTransport,
  Logger,
  PublishOrigin,
  RawMessage,
  RequestReply,
  Settlement,
  SettlementSink,
  SubscriptionSpec,
  Transport,
  TransportCapabilities,
  TransportContext,
  TransportHealth,
  TransportSubscription,
} from "./bus/transport.js";
export { hasRequestReply, isInProcess, reportsHealth } from "./bus/transport.js";
export { newId, isUuidV7, uuidV7Time } from "./bus/ids.js";
export { consoleLogger, silentLogger } from "./bus/logger.js";
export { MemoryTransport, memoryTransport, type MemoryTransportOptions } from "./transports/memory/index.js";
export { AjvValidationError, ajvEqual, ajvFastFormat, ajvFullFormat, ajvUcs2length, ajvUri, fastFormats, fullFormats } from "./validation-runtime.js";
