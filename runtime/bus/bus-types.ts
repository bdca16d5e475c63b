/**
 * The public, typed surface of the event bus. `M` is the catalog's EventMap
 * (event name -> payload type); every method narrows on it, so unknown names, wrong
 * payloads and wrong handler signatures are compile errors.
 */
import type { CatalogDefinition, EventMapBase } from "./catalog.js";
import type { CloudEvent } from "./envelope.js";
import type { MatchingNames, PatternsOf } from "./pattern-types.js";
import type { Instrumentation } from "./instrumentation.js";
import type { HandlerContext, Inbox } from "./inbox.js";
import type { DeadLetterStore, Logger, Transport, TransportHealth } from "./transport.js";

export type EventName<M> = keyof M & string;

/** An event as a handler sees it: the envelope's attributes in camelCase plus the delivery attempt. */
export interface BusEvent<N extends string = string, D = unknown> {
  readonly id: string;
  readonly type: N;
  readonly source: string;
  readonly time: string;
  /** The catalog version of the event (from `dataschema`). */
  readonly version: string;
  readonly dataschema: string;
  readonly tenantId: string | undefined;
  readonly correlationId: string;
  readonly causationId: string | undefined;
  readonly traceparent: string | undefined;
  /** Shared with other subscribers on the in-process transport: treat it as immutable. */
  readonly data: D;
  /** 1 on the first delivery to this subscription. */
  readonly attempt: number;
  /** The CloudEvents envelope as it travelled. */
  readonly envelope: CloudEvent<N, D>;
}

/** The event type of name `N`; for a union of names, the union of events discriminated on `type`. */
export type EventOf<M, N extends EventName<M>> = N extends unknown ? BusEvent<N, M[N]> : never;
export type AnyEventOf<M> = EventOf<M, EventName<M>>;

/** Every subscription pattern the catalog accepts: exact names, `*` (one token) and `>` (the rest). */
export type PatternOf<M> = PatternsOf<EventName<M>>;
/** The events a pattern matches, as one discriminated union. */
export type EventsMatching<M, P extends string> = EventOf<M, MatchingNames<EventName<M>, P>>;

/** `context.tx` is the subscription's inbox transaction (see `SubscribeOptions.inbox`). */
export type Handler<E, Tx = undefined> = (event: E, context: HandlerContext<Tx>) => void | Promise<void>;

/** Envelope attributes a publisher may set; everything else is filled in by the bus. */
export interface PublishMeta {
  /** Event id; give the same id to make a retried publish a duplicate the transport drops. Default: a new UUIDv7. */
  id?: string;
  tenantId?: string;
  /** Default: the correlation id of the event being handled, else the new event's id. */
  correlationId?: string;
  /** Default: the id of the event being handled, if any. */
  causationId?: string;
  /** W3C trace context. Default: the handled event's. */
  traceparent?: string;
}

export type PublishInput<M> = { [K in EventName<M>]: { name: K; data: M[K]; meta?: PublishMeta } }[EventName<M>];
/** What a `reply` handler returns: an event of the catalog (one of the request's declared replies). */
export type ReplyInput<M> = { [K in EventName<M>]: { name: K; data: M[K] } }[EventName<M>];

export interface ExponentialBackoff {
  /** Delay before the first retry. */
  initialMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** 0..1: the fraction of each delay that is randomised downwards (default 0). */
  jitter?: number;
}

/** Delays before each retry (the last one repeats), or an exponential schedule. */
export type Backoff = readonly number[] | { exponential: ExponentialBackoff };

export interface SubscribeOptions<E = BusEvent, Tx = undefined> {
  /** Consumer group: its members share its events, each group gets every event. Default: a private group (fan-out). */
  group?: string;
  /** Events for which it returns false are acknowledged without calling the handler. */
  filter?: (event: E) => boolean;
  /** Only this tenant's events are delivered. */
  tenantId?: string;
  /** Handlers running at once for this subscription (default 10). 1 keeps publish order. */
  concurrency?: number;
  /** Milliseconds a handler may run before its attempt counts as failed (code TIMEOUT). Default: none. */
  timeout?: number;
  /** Attempts before the event is dead-lettered (default: the catalog's `delivery.maxDeliver`). */
  maxDeliver?: number;
  /** Delays between attempts (default: the catalog's `delivery.backoffMs`). */
  backoff?: Backoff;
  /** Errors for which it returns true are dead-lettered at once. Default: `NonRetryableError` instances. */
  nonRetryable?: (error: unknown) => boolean;
  /** How long the broker waits for an acknowledgement before redelivering (default: the catalog's `delivery.ackTimeoutMs`). */
  ackTimeoutMs?: number;
  /** Aborting it unsubscribes. */
  signal?: AbortSignal;
  /**
   * Runs the handler in a transaction that also records (group, event id): a redelivered event
   * has no second effect. Needs `group`. The handler gets the transaction as `context.tx`.
   */
  inbox?: Inbox<Tx>;
}

export interface Subscription {
  readonly id: string;
  readonly pattern: string;
  readonly group: string;
  /** The catalog events the pattern resolved to. */
  readonly events: readonly string[];
  /** Stops delivery; resolves once this subscription's in-flight handlers have settled. */
  unsubscribe(): Promise<void>;
}

export interface RequestOptions {
  /** Default 5000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  meta?: PublishMeta;
}

export interface ReplyOptions {
  /** Responders sharing a group share the requests (default: one shared group per event). */
  group?: string;
  signal?: AbortSignal;
}

export interface BusOptions {
  /** Default in a generated `createEventBus`: a new in-process `memoryTransport()`. */
  transport?: Transport;
  /** CloudEvents `source` of published events, i.e. the producing service. Default: the catalog name. */
  source?: string;
  /** Default: warnings and errors to the console. */
  logger?: Logger;
  /** Tracing and metrics, e.g. `[otelTracing(), prometheusMetrics({ registry })]`. Default: none (and no cost). */
  instrumentation?: readonly Instrumentation[];
}

/** The options of the runtime's `createBus` / `createServiceBus`, which take no default transport. */
export interface BusSetup extends BusOptions {
  transport: Transport;
}

export interface EventCounters {
  published: number;
  /** Publishes refused by validation. */
  rejected: number;
}

export interface SubscriptionStats {
  id: string;
  pattern: string;
  group: string;
  /** Deliveries received, retries included. */
  delivered: number;
  acked: number;
  /** Attempts that failed and were scheduled again. */
  retried: number;
  deadLettered: number;
  /** Attempts whose handler threw or timed out. */
  failed: number;
  /** Deliveries acknowledged without calling the handler (filter). */
  filtered: number;
  inFlight: number;
}

export interface BusStats {
  /** Per catalog event. */
  events: Record<string, EventCounters>;
  subscriptions: SubscriptionStats[];
}

/** One tenant's figures (seed 002's `getMetrics(tenantId)`), counted by this bus. */
export interface TenantStats {
  tenantId: string;
  /** Events of this tenant this bus published. */
  published: number;
  /** Handlings of this tenant's events that succeeded. */
  processed: number;
  /** Handler attempts on this tenant's events that threw or timed out. */
  failed: number;
  /** Mean handler time of processed and failed handlings, in milliseconds (0 before any). */
  averageProcessingMs: number;
}

export type BusStatus = "starting" | "open" | "closing" | "closed" | "failed";

export interface BusHealth {
  ok: boolean;
  status: BusStatus;
  transport: TransportHealth;
  subscriptions: number;
}

export interface EventBus<M extends EventMapBase> {
  readonly catalog: CatalogDefinition<M>;
  readonly transport: Transport;
  /** Validates, wraps in an envelope and resolves with it once the transport has accepted it. */
  publish<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): Promise<CloudEvent<N, M[N]>>;
  /** Validates every item first (nothing is sent if any is invalid), then sends them as one batch. */
  publishMany(items: readonly PublishInput<M>[]): Promise<CloudEvent[]>;
  subscribe<P extends PatternOf<M>, Tx = undefined>(
    pattern: P,
    handler: Handler<EventsMatching<M, P>, Tx>,
    options?: SubscribeOptions<EventsMatching<M, P>, Tx>,
  ): Promise<Subscription>;
  /** Sends a request and resolves with the validated reply (transport capability `requestReply`). */
  request<N extends EventName<M>>(name: N, data: M[N], options?: RequestOptions): Promise<AnyEventOf<M>>;
  /** Answers requests for `name` with the event the handler returns. */
  reply<N extends EventName<M>>(
    name: N,
    handler: (event: EventOf<M, N>) => ReplyInput<M> | Promise<ReplyInput<M>>,
    options?: ReplyOptions,
  ): Promise<Subscription>;
  readonly deadLetters: DeadLetterStore;
  stats(): BusStats;
  /** One tenant's figures; zeros for a tenant this bus has not seen. */
  stats(query: { tenantId: string }): TenantStats;
  health(): Promise<BusHealth>;
  /** Stops intake, drains in-flight handlers, flushes pending publishes and closes the transport. Idempotent. */
  close(): Promise<void>;
}

/**
 * The bus of one service (`x-service` on the catalog's operations): `S` are the events it
 * sends, `R` those it receives. Publishing (or requesting) anything but `S`, or subscribing
 * (or replying) to anything but `R`, is a compile error; patterns match only within `R`.
 */
export interface ServiceBus<M extends EventMapBase, S extends EventName<M>, R extends EventName<M>>
  extends Omit<EventBus<M>, "publish" | "publishMany" | "subscribe" | "request" | "reply"> {
  publish<N extends S>(name: N, data: M[N], meta?: PublishMeta): Promise<CloudEvent<N, M[N]>>;
  publishMany(items: readonly PublishInput<Pick<M, S>>[]): Promise<CloudEvent[]>;
  // `>` would match anything, so a service that receives nothing gets no pattern at all
  subscribe<P extends ([R] extends [never] ? never : PatternOf<Pick<M, R>>)>(
    pattern: P,
    handler: Handler<EventsMatching<Pick<M, R>, P>>,
    options?: SubscribeOptions<EventsMatching<Pick<M, R>, P>>,
  ): Promise<Subscription>;
  request<N extends S>(name: N, data: M[N], options?: RequestOptions): Promise<AnyEventOf<M>>;
  reply<N extends R>(
    name: N,
    handler: (event: EventOf<M, N>) => ReplyInput<M> | Promise<ReplyInput<M>>,
    options?: ReplyOptions,
  ): Promise<Subscription>;
}
