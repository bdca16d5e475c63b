/**
 * Runs one subscription's handler for the deliveries a transport hands it and decides
 * each one's fate: ack, retry after the backoff delay, or dead-letter (seed 001's
 * `{ message, code, attempts, lastAttempt }`). Also validates on receive, applies the
 * filter, enforces the handler timeout, tells the broker long handlers are still working
 * and keeps the subscription's counters.
 *
 * In-flight deliveries live in one list, oldest first: one timer (armed for the head's
 * deadline) serves every timeout and one interval serves every heartbeat; no timer per
 * delivery, and adding or removing one is a few pointer writes.
 */
import { BusEnvelope } from "./bus-envelope.js";
import type { SubscriptionStats } from "./bus-types.js";
import { isoTime } from "./clock.js";
import { handlingContext } from "./context.js";
import { HandlerTimeoutError } from "./errors.js";
import type { AttachedHooks, HandleObserver, HandleOutcome } from "./instrumentation.js";
import type { CloudEvent } from "./envelope.js";
import { NO_INBOX, type HandlerContext, type Inbox } from "./inbox.js";
import type { SubscriptionSettings } from "./options.js";
import type { EventEntry } from "./publisher.js";
import { ReceivedEvent } from "./received-event.js";
import type { TenantStatsTable, TenantTally } from "./tenant-stats.js";
import type { Delivery, DeliveryHandler, InProcessConsumer, Logger, Settlement, SettlementSink, SubscriptionSpec } from "./transport.js";
import { formatIssues, toIssues } from "./validation.js";

const ACK: Settlement = Object.freeze({ kind: "ack" });
const FILTERED: HandleOutcome = Object.freeze({ kind: "filtered" });

type AnyHandler = (event: ReceivedEvent, context: HandlerContext<unknown>) => unknown;

/** A delivery whose handler is running; linked oldest-first into its runner's in-flight list. */
class InFlight {
  settled = false;
  prev: InFlight | undefined = undefined;
  next: InFlight | undefined = undefined;
  constructor(
    readonly delivery: Delivery,
    readonly sink: SettlementSink,
    /** When the handler's attempt counts as timed out (0: never). */
    readonly deadline: number,
    /** Set only when instrumentation is attached. */
    readonly observer: HandleObserver | undefined,
    /** Set only for an event with a tenant id (see tenant-stats.ts). */
    readonly tenant: TenantTally | undefined,
    readonly startedAt: number,
  ) {}
}

/** What the bus observes handlings with: attached instrumentation (if any) and per-tenant stats. */
export interface RunnerObservers {
  instrumentation: AttachedHooks | undefined;
  tenants: TenantStatsTable;
}

export class SubscriptionRunner implements InProcessConsumer {
  readonly stats: SubscriptionStats;
  private head: InFlight | undefined;
  private tail: InFlight | undefined;
  private running = 0;
  /** The catalog entries of this subscription's events. */
  private readonly entries: ReadonlyMap<string, EventEntry>;
  private readonly handler: AnyHandler;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    readonly spec: SubscriptionSpec,
    private readonly settings: SubscriptionSettings,
    handler: AnyHandler,
    catalogEntries: ReadonlyMap<string, EventEntry>,
    private readonly logger: Logger,
    private readonly observers: RunnerObservers,
  ) {
    this.handler = throughInbox(handler, settings.inbox, spec.group);
    this.entries = new Map(spec.events.map((name) => [name, catalogEntries.get(name)!]));
    this.stats = {
      id: spec.id,
      pattern: spec.pattern,
      group: spec.group,
      delivered: 0,
      acked: 0,
      retried: 0,
      deadLettered: 0,
      failed: 0,
      filtered: 0,
      inFlight: 0,
    };
    // Brokers redeliver what stays unacknowledged past ackTimeoutMs; a handler still at work is not that.
    this.heartbeat = setInterval(() => {
      for (let record = this.head; record !== undefined; record = record.next) record.delivery.working();
    }, Math.max(10, Math.floor(spec.ackTimeoutMs / 3)));
    this.heartbeat.unref();
  }

  snapshot(): SubscriptionStats {
    return { ...this.stats, inFlight: this.running };
  }

  /** For broker transports: the settlement as a promise. */
  readonly handle: DeliveryHandler = (delivery) => new Promise((resolve) => this.deliver(delivery, { settled: (_, settlement) => resolve(settlement) }));

  /** For in-process transports (see InProcessTransport): the settlement goes to `sink`, no promise per delivery. */
  deliver(delivery: Delivery, sink: SettlementSink): void {
    this.stats.delivered++;
    const event = delivery.event;
    const observer = this.observers.instrumentation?.handle(delivery, this.spec);
    if (delivery.undecodable !== undefined) {
      this.refuse(delivery, sink, observer, delivery.undecodable.message, delivery.undecodable.code);
      return;
    }
    const entry = this.entries.get(event.type);
    if (entry === undefined) {
      this.refuse(delivery, sink, observer, `event type "${event.type}" is not one of this subscription's events`, "UNKNOWN_EVENT");
      return;
    }
    const validate = entry.definition.validate;
    if (!BusEnvelope.validatedBy(event, validate) && !validate(event.data)) {
      this.refuse(delivery, sink, observer, `${event.type} ${event.id} failed validation: ${formatIssues(toIssues(validate.errors))}`, "VALIDATION_FAILED");
      return;
    }
    const received = new ReceivedEvent(event, delivery.attempt);
    const timeoutMs = this.settings.timeoutMs;
    const tenant = event.tenantid === undefined ? undefined : this.observers.tenants.tally(event.tenantid);
    const record = new InFlight(delivery, sink, timeoutMs === 0 ? 0 : Date.now() + timeoutMs, observer, tenant, tenant === undefined ? 0 : performance.now());
    this.track(record);
    const filter = this.settings.filter as ((event: ReceivedEvent) => boolean) | undefined;
    let result: unknown;
    try {
      if (filter !== undefined && !handlingContext.run(event, filter, received)) {
        this.finish(record);
        this.stats.filtered++;
        this.observed(record.observer, FILTERED);
        sink.settled(delivery, ACK);
        return;
      }
      result =
        observer === undefined
          ? runInContext(event, this.handler, received)
          : observer.run(runInContext, event, this.handler, received);
    } catch (error) {
      this.failed(record, error);
      return;
    }
    if (!isThenable(result)) {
      this.succeeded(record);
      return;
    }
    result.then(
      () => this.succeeded(record),
      (error: unknown) => this.failed(record, error),
    );
    if (record.deadline !== 0 && this.timeoutTimer === undefined) this.armTimeout();
  }

  /** Stops the timers; called once the transport has settled every delivery of this subscription. */
  dispose(): void {
    clearInterval(this.heartbeat);
    if (this.timeoutTimer !== undefined) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
  }

  private succeeded(record: InFlight): void {
    if (record.settled) return;
    this.finish(record);
    this.stats.acked++;
    if (record.tenant !== undefined) tallyTenant(record, record.tenant, "processed");
    this.observed(record.observer, ACK);
    record.sink.settled(record.delivery, ACK);
  }

  private failed(record: InFlight, error: unknown): void {
    if (record.settled) return;
    this.finish(record);
    this.stats.failed++;
    if (record.tenant !== undefined) tallyTenant(record, record.tenant, "failed");
    const settlement = this.afterFailure(record.delivery, error);
    this.observed(record.observer, settlement, error);
    record.sink.settled(record.delivery, settlement);
  }

  /** Dead-letters a delivery the handler never sees (undecodable, unknown or invalid), observed like any outcome. */
  private refuse(delivery: Delivery, sink: SettlementSink, observer: HandleObserver | undefined, reason: string, code: string): void {
    const settlement = this.deadLetter(delivery, reason, code);
    this.observed(observer, settlement);
    sink.settled(delivery, settlement);
  }

  private observed(observer: HandleObserver | undefined, outcome: HandleOutcome, error?: unknown): void {
    if (observer !== undefined) this.observers.instrumentation!.settled(observer, outcome, error);
  }

  /** Retry after the backoff delay, or dead-letter: non-retryable error, or maxDeliver attempts made. */
  private afterFailure(delivery: Delivery, error: unknown): Settlement {
    const message = error instanceof Error ? error.message : String(error);
    let nonRetryable: boolean;
    try {
      nonRetryable = this.settings.nonRetryable(error);
    } catch (predicateError) {
      this.logger.error("nonRetryable predicate threw; treating the error as retryable", { error: String(predicateError) });
      nonRetryable = false;
    }
    if (nonRetryable) return this.deadLetter(delivery, message, "NON_RETRYABLE");
    if (delivery.attempt >= this.settings.maxDeliver) {
      return this.deadLetter(delivery, message, error instanceof HandlerTimeoutError ? "TIMEOUT" : "PROCESSING_ERROR");
    }
    this.stats.retried++;
    const delayMs = this.settings.retryDelay(delivery.attempt);
    this.logger.debug("handler failed; retrying", {
      subscription: this.spec.id,
      event: delivery.event.id,
      type: delivery.event.type,
      attempt: delivery.attempt,
      delayMs,
      error: message,
    });
    return { kind: "retry", delayMs };
  }

  private deadLetter(delivery: Delivery, message: string, code: string): Settlement {
    this.stats.deadLettered++;
    this.logger.warn("event dead-lettered", {
      subscription: this.spec.id,
      group: this.spec.group,
      event: delivery.event.id,
      type: delivery.event.type,
      code,
      attempts: delivery.attempt,
      error: message,
    });
    return { kind: "dead-letter", error: { message, code, attempts: delivery.attempt, lastAttempt: isoTime() } };
  }

  private track(record: InFlight): void {
    this.running++;
    if (this.tail === undefined) {
      this.head = this.tail = record;
    } else {
      record.prev = this.tail;
      this.tail.next = record;
      this.tail = record;
    }
  }

  private finish(record: InFlight): void {
    record.settled = true;
    this.running--;
    if (record.prev === undefined) this.head = record.next;
    else record.prev.next = record.next;
    if (record.next === undefined) this.tail = record.prev;
    else record.next.prev = record.prev;
  }

  /** One timer for the oldest in-flight delivery's deadline; later ones have later deadlines. */
  private armTimeout(): void {
    const head = this.head;
    if (head === undefined || head.deadline === 0) {
      this.timeoutTimer = undefined;
      return;
    }
    this.timeoutTimer = setTimeout(() => this.expire(), Math.max(0, head.deadline - Date.now()));
  }

  private expire(): void {
    const now = Date.now();
    for (let record = this.head; record !== undefined && record.deadline <= now; record = this.head) {
      this.failed(record, new HandlerTimeoutError(this.settings.timeoutMs));
    }
    this.armTimeout();
  }
}

/** Counts a handling for its tenant (bus.stats({ tenantId })). */
function tallyTenant(record: InFlight, tenant: TenantTally, outcome: "processed" | "failed"): void {
  tenant[outcome]++;
  tenant.handlingMs += performance.now() - record.startedAt;
}

/** `handlingContext.run` as a plain function, for an observer to wrap without a closure per delivery. */
function runInContext(event: CloudEvent, handler: AnyHandler, received: ReceivedEvent): unknown {
  return handlingContext.run(event, handler, received, NO_INBOX);
}

/** The handler as the runner calls it: with an inbox, inside the inbox's unit of work, given its transaction. */
function throughInbox(handler: AnyHandler, inbox: Inbox | undefined, group: string): AnyHandler {
  if (inbox === undefined) return handler;
  return (received) => inbox.run(group, received, async (tx) => void (await handler(received, { tx })));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
