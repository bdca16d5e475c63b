/**
 * The one interface the memory, NATS and Redis transports implement.
 *
 * Division of labour: the bus validates, builds envelopes, runs handlers and decides what
 * happens to each delivery (ack, retry after a delay, or dead-letter); the transport moves
 * events and carries out those decisions with the broker's own primitives (JetStream
 * ack/nak(delay)/term + DLQ stream; Redis XACK + delay set + DLQ stream; in-process queues).
 * Every transport must pass test/conformance; what it honestly cannot do is declared in
 * `capabilities`, and the suite skips those tests by name.
 */
import type { CatalogDefinition, Priority } from "./catalog.js";
import type { CloudEvent } from "./envelope.js";

export interface TransportCapabilities {
  /** Events are stored: they survive a broker restart and a new group receives earlier events. */
  persistent: boolean;
  /** Unacknowledged events of a crashed consumer process are redelivered to another member of its group. */
  crashRecovery: boolean;
  /** Publishing an event id twice (within the dedup window) delivers it once. */
  dedup: boolean;
  /** Events of higher priority are served first within a subscription. */
  priorities: boolean;
  /** `request` / `serve` are implemented. */
  requestReply: boolean;
}

export interface TransportContext {
  catalog: CatalogDefinition;
  logger: Logger;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface Transport {
  readonly name: string;
  readonly capabilities: TransportCapabilities;
  /** Connects and provisions (streams, consumer groups). The bus calls it once, before anything else. */
  start(context: TransportContext): Promise<void>;
  /**
   * Sends events (already validated, with envelopes complete). Resolves once the broker has
   * accepted every one of them; rejects if any was not accepted. Priority comes from the catalog.
   */
  publish(events: readonly CloudEvent[]): Promise<void>;
  /** Starts delivering the events of `spec.events` to `handler` until unsubscribed or closed. */
  subscribe(spec: SubscriptionSpec, handler: DeliveryHandler): Promise<TransportSubscription>;
  /**
   * Where the `dead-letter` settlements go. Not optional: a transport told to dead-letter an
   * event must keep it somewhere the user can list and replay, or the event is lost.
   */
  readonly deadLetters: DeadLetterStore;
  /** Stops intake, waits for in-flight deliveries to settle, flushes pending publishes, releases connections. */
  close(): Promise<void>;
}

/** Capability: the broker's view of the connection and of each group's lag. Without it, `bus.health()` reports the bus's own state. */
export interface HealthReporting {
  health(): Promise<TransportHealth>;
}

/** Capability `requestReply`. */
export interface RequestReply {
  /** Resolves with the first reply, or rejects on timeout / no responders. */
  request(event: CloudEvent, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CloudEvent>;
  /** Answers requests for `spec.events`; the handler's result is sent back as the reply. */
  serve(spec: SubscriptionSpec, handler: (event: CloudEvent) => Promise<CloudEvent>): Promise<TransportSubscription>;
}

export function reportsHealth(transport: Transport): transport is Transport & HealthReporting {
  return typeof (transport as Partial<HealthReporting>).health === "function";
}

export function hasRequestReply(transport: Transport): transport is Transport & RequestReply {
  const candidate = transport as Partial<RequestReply>;
  return transport.capabilities.requestReply && typeof candidate.request === "function" && typeof candidate.serve === "function";
}

export interface SubscriptionSpec {
  /** Unique per `subscribe()` call. */
  id: string;
  /** The pattern as the user wrote it (`contact.created`, `contact.*`, `contact.>`). */
  pattern: string;
  /** The concrete event names it matches, resolved against the catalog by the bus. Sorted, never empty. */
  events: readonly string[];
  /**
   * Consumer group: members of one group share its events, every group gets every event.
   * When the user gives none, the bus makes a unique one (`durable: false`), i.e. fan-out.
   */
  group: string;
  /** True when the user named the group: its position survives restarts (durable consumer / Redis group). */
  durable: boolean;
  /** Only events of this tenant reach the subscription; other tenants' events are never delivered to it. */
  tenantId?: string;
  /** Maximum deliveries in flight (unacknowledged) at once for this subscription. */
  concurrency: number;
  /** Deliveries after which the bus dead-letters instead of retrying (the transport may also enforce it). */
  maxDeliver: number;
  /** How long a delivery may stay unacknowledged before the broker redelivers it. */
  ackTimeoutMs: number;
}

export interface Delivery {
  event: CloudEvent;
  /** 1 on the first delivery, counted by the broker where it can (JetStream deliveryCount, Redis delivery counter). */
  attempt: number;
  priority: Priority;
  /** Tells the broker the handler is still working, extending the ack deadline. */
  working(): void;
  /**
   * Set when the message did not decode into an event: `event` is then `undecodableEvent(raw)`
   * and the bus dead-letters it with this reason, so the subscription's stats count it.
   */
  undecodable?: { message: string; code: string } | undefined;
}

/** What to do with a delivery; decided by the bus, carried out by the transport. */
export type Settlement =
  | { kind: "ack" }
  | { kind: "retry"; delayMs: number }
  | { kind: "dead-letter"; error: DeadLetterError };

/** The bus's handler for one delivery; resolves with what to do with it. */
export type DeliveryHandler = (delivery: Delivery) => Promise<Settlement>;

export interface TransportSubscription {
  /** Stops delivery; in-flight deliveries settle first. A durable group keeps its position. */
  unsubscribe(): Promise<void>;
}

/** Seed 001's dead-letter structure. */
export interface DeadLetterError {
  message: string;
  /**
   * `PROCESSING_ERROR`, `NON_RETRYABLE`, `VALIDATION_FAILED`, `TIMEOUT`, an envelope code for
   * undecodable messages, or `MAX_DELIVER_EXCEEDED` when a transport gives up by itself on a
   * message whose deliveries kept crashing their consumer before the bus could decide.
   * Also (added): `UNKNOWN_EVENT` from the bus for an event type the subscription did not
   * ask for, and `OVERFLOW` from the memory transport for the oldest events of a durable
   * group that has no members and more than `maxQueued` queued.
   */
  code: string;
  attempts: number;
  /** RFC 3339 time of the last attempt. */
  lastAttempt: string;
}

/** A message that could not even be decoded into an event. */
export interface RawMessage {
  headers: Record<string, string>;
  body: string;
}

export interface DeadLetter {
  /** Id of the dead-letter entry (not of the event). */
  id: string;
  originalEvent: CloudEvent | RawMessage;
  error: DeadLetterError;
  /** The group whose subscription gave up on it. */
  group: string;
  /** RFC 3339 time it was dead-lettered. */
  deadLetteredAt: string;
}

export interface DeadLetterQuery {
  type?: string;
  group?: string;
  limit?: number;
}

export interface DeadLetterStore {
  list(query?: DeadLetterQuery): Promise<DeadLetter[]>;
  /** How many entries the queue holds, answered by the broker without reading them (the DLQ size gauge). */
  count(): Promise<number>;
  /** Delivers the original events again to the groups that gave up on them; removes them from the DLQ. Returns how many. */
  replay(ids?: readonly string[]): Promise<number>;
  /** Removes entries (all when no ids are given). Returns how many. */
  purge(ids?: readonly string[]): Promise<number>;
}

export interface TransportHealth {
  ok: boolean;
  /** e.g. `connected`, `reconnecting`, `closed`. */
  status: string;
  /** Deliveries waiting per group, where the broker can tell. */
  lag?: Record<string, number>;
  details?: Record<string, unknown>;
}

/**
 * The in-process fast path, an interface of its own: a transport living in the bus's process
 * (the memory transport) is handed the bus's envelope objects as they are and reports each
 * settlement by a call instead of a promise, which saves a promise and a turn per publish and
 * per delivery. The bus uses it when the transport has it (`isInProcess`); the plain Transport
 * members still work on their own.
 */
export interface InProcessTransport extends Transport {
  /**
   * `publish`, told where the events come from: undefined when every event was accepted at
   * once, else a promise that resolves once the queues have room again.
   */
  offer(events: readonly CloudEvent[], origin: PublishOrigin): Promise<void> | undefined;
  /** `subscribe`, with deliveries settled through a sink instead of a returned promise. */
  subscribeInProcess(spec: SubscriptionSpec, consumer: InProcessConsumer): Promise<TransportSubscription>;
}

/** What the bus knows about events it hands to an in-process transport. */
export interface PublishOrigin {
  /**
   * True when a handler of this process publishes: it must not wait for room in a queue,
   * since its own group may be the one that is full. Asked only when a queue is full.
   */
  fromHandler(): boolean;
  /** The generation sequence of the event's id when the bus generated it (see ids.ts), else -1. */
  idSequence(event: CloudEvent): number;
}

/**
 * The bus's side of `subscribeInProcess`: it runs the handler and reports the settlement,
 * exactly once, to `sink`, with the very delivery object it was given.
 */
export interface InProcessConsumer {
  deliver(delivery: Delivery, sink: SettlementSink): void;
}

export interface SettlementSink {
  settled(delivery: Delivery, settlement: Settlement): void;
}

export function isInProcess(transport: Transport): transport is InProcessTransport {
  const candidate = transport as Partial<InProcessTransport>;
  return typeof candidate.offer === "function" && typeof candidate.subscribeInProcess === "function";
}
