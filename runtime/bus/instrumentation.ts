/**
 * The hooks tracing and metrics attach through: `createEventBus({ instrumentation: [...] })`.
 * The bus folds what is attached into one Instrumentation (or `undefined` when nothing is), so a
 * bus without instrumentation pays one `undefined` check per publish and per delivery.
 * A hook or observer that throws is logged and ignored: observing the bus must never break it
 * (the bus reports outcomes through `AttachedHooks.published` / `settled`, which guard the call).
 */
import type { BusHealth } from "./bus-types.js";
import type { CloudEvent } from "./envelope.js";
import type { DeadLetterStore, Delivery, Logger, Settlement, SubscriptionSpec } from "./transport.js";

/** What an instrumentation may read from the bus it is attached to (e.g. gauges read on scrape). */
export interface InstrumentedBus {
  /** The catalog's name. */
  readonly catalog: string;
  /** The transport's name (`memory`, `nats`, `redis`): the messaging system. */
  readonly system: string;
  /** The catalog's event names, sorted: the only values an `event` label can take. */
  readonly events: readonly string[];
  readonly deadLetters: DeadLetterStore;
  /** The bus's logger, for what an instrumentation cannot do (e.g. a write that failed). */
  readonly logger: Logger;
  health(): Promise<BusHealth>;
}

/** Told once whether the transport accepted a publish (or, for `bus.request`, whether a valid reply came back). */
export interface PublishObserver {
  /** No argument on success, the error otherwise. */
  done(error?: unknown): void;
}

/**
 * How a delivery ended: a settlement, `filtered` (acknowledged without calling the handler), or for
 * a request served by `bus.reply`, `ack` (replied) or `failed` (the error went back to the requester:
 * a request is never retried or dead-lettered).
 */
export type HandleOutcome = Settlement | { kind: "filtered" } | { kind: "failed" };

export interface HandleObserver {
  /** Runs the handler as `handler(...args)`, e.g. with the consumer span as the active context. */
  run<A extends unknown[], T>(handler: (...args: A) => T, ...args: A): T;
  /** Called once; `error` is what the handler threw when it failed. */
  settled(outcome: HandleOutcome, error?: unknown): void;
}

/** A tracer or a metrics exporter: attached to each bus given it, it returns that bus's hooks. */
export interface Instrumentation {
  /** Called once per bus, when the bus is created. */
  attach(bus: InstrumentedBus): InstrumentationHooks;
}

/**
 * Every hook is optional. The bus calls them on its hot paths: they should allocate little
 * (objects and methods rather than closures per event).
 */
export interface InstrumentationHooks {
  /** Called for validated envelopes before the transport sends them; may set their `traceparent`. */
  publish?(events: readonly CloudEvent[]): PublishObserver | undefined;
  /** Called when a publish is refused by validation, before anything is sent. */
  rejected?(event: string, code: string): void;
  /** Called when a delivery reaches the bus, before it is validated. */
  handle?(delivery: Delivery, subscription: SubscriptionSpec): HandleObserver | undefined;
  /** Called when `bus.request` sends a validated request (may set its `traceparent`); told when the reply came or did not. */
  request?(request: CloudEvent): PublishObserver | undefined;
  /** Called when a request reaches a `bus.reply` handler of `group`; settled with `ack` or `failed`. */
  serve?(request: CloudEvent, group: string): HandleObserver | undefined;
}

/** Attaches `list` to `bus` and folds their hooks into one, or `undefined` for none (the hot paths test for that). */
export function attachInstrumentation(
  list: readonly Instrumentation[] | undefined,
  bus: InstrumentedBus,
  logger: Logger,
): AttachedHooks | undefined {
  if (list === undefined || list.length === 0) return undefined;
  return new AttachedHooks(
    list.map((item) => item.attach(bus)),
    logger,
  );
}

/**
 * The hooks of every attached instrumentation, each call guarded: a throwing hook is logged, never
 * propagated. With one instrumentation attached its observers are handed out as they are (no
 * wrapper per event); the bus reports to them through `published` and `settled`.
 */
export class AttachedHooks {
  /** Set when one instrumentation is attached: the hot paths then call it without folding. */
  private only: InstrumentationHooks | undefined;

  constructor(
    private readonly hooks: InstrumentationHooks[],
    readonly logger: Logger,
  ) {
    this.only = hooks.length === 1 ? hooks[0] : undefined;
  }

  /** One more instrumentation's hooks, for an instrumentation attached to a running bus. */
  add(hooks: InstrumentationHooks): void {
    this.hooks.push(hooks);
    this.only = this.hooks.length === 1 ? this.hooks[0] : undefined;
  }

  failed(hook: string, error: unknown): void {
    this.logger.error(`instrumentation ${hook} hook failed`, { error: String(error) });
  }

  rejected(event: string, code: string): void {
    for (const item of this.hooks) {
      try {
        item.rejected?.(event, code);
      } catch (error) {
        this.failed("rejected", error);
      }
    }
  }

  publish(events: readonly CloudEvent[]): PublishObserver | undefined {
    if (this.only !== undefined) {
      try {
        return this.only.publish?.(events);
      } catch (error) {
        this.failed("publish", error);
        return undefined;
      }
    }
    return this.fold("publish", (item) => item.publish?.(events), (observers) => new AttachedPublish(observers, this));
  }

  handle(delivery: Delivery, subscription: SubscriptionSpec): HandleObserver | undefined {
    if (this.only !== undefined) {
      try {
        return this.only.handle?.(delivery, subscription);
      } catch (error) {
        this.failed("handle", error);
        return undefined;
      }
    }
    return this.fold("handle", (item) => item.handle?.(delivery, subscription), (observers) => new AttachedHandle(observers, this));
  }

  request(request: CloudEvent): PublishObserver | undefined {
    return this.fold("request", (item) => item.request?.(request), (observers) => new AttachedPublish(observers, this));
  }

  serve(request: CloudEvent, group: string): HandleObserver | undefined {
    return this.fold("serve", (item) => item.serve?.(request, group), (observers) => new AttachedHandle(observers, this));
  }

  /** Tells a publish (or request) observer how it went. */
  published(observer: PublishObserver, error?: unknown): void {
    try {
      observer.done(error);
    } catch (hookError) {
      this.failed("publish", hookError);
    }
  }

  /** Tells a handle observer how the delivery ended. */
  settled(observer: HandleObserver, outcome: HandleOutcome, error?: unknown): void {
    try {
      observer.settled(outcome, error);
    } catch (hookError) {
      this.failed("settled", hookError);
    }
  }

  /**
   * Asks every instrumentation for its observer: one observer is handed out as it is (no wrapper
   * per event), several are combined, none is `undefined`.
   */
  private fold<O>(hook: string, ask: (item: InstrumentationHooks) => O | undefined, combine: (observers: O[]) => O): O | undefined {
    let first: O | undefined;
    let more: O[] | undefined;
    for (const item of this.hooks) {
      let observer: O | undefined;
      try {
        observer = ask(item);
      } catch (error) {
        this.failed(hook, error);
      }
      if (observer === undefined) continue;
      if (first === undefined) first = observer;
      else (more ??= [first]).push(observer);
    }
    return more === undefined ? first : combine(more);
  }
}

class AttachedPublish implements PublishObserver {
  constructor(
    private readonly observers: PublishObserver[],
    private readonly hooks: AttachedHooks,
  ) {}

  done(error?: unknown): void {
    for (const observer of this.observers) {
      try {
        observer.done(error);
      } catch (hookError) {
        this.hooks.failed("publish", hookError);
      }
    }
  }
}

class AttachedHandle implements HandleObserver {
  constructor(
    private readonly observers: HandleObserver[],
    private readonly hooks: AttachedHooks,
  ) {}

  /** The first attached runs outermost: its context wraps the others'. */
  run<A extends unknown[], T>(handler: (...args: A) => T, ...args: A): T {
    return this.runFrom(0, handler, args);
  }

  runFrom<A extends unknown[], T>(index: number, handler: (...args: A) => T, args: A): T {
    const observer = this.observers[index];
    return observer === undefined ? handler(...args) : observer.run(runNested<A, T>, this, index + 1, handler, args);
  }

  settled(outcome: HandleOutcome, error?: unknown): void {
    for (const observer of this.observers) {
      try {
        observer.settled(outcome, error);
      } catch (hookError) {
        this.hooks.failed("settled", hookError);
      }
    }
  }
}

function runNested<A extends unknown[], T>(attached: AttachedHandle, index: number, handler: (...args: A) => T, args: A): T {
  return attached.runFrom(index, handler, args);
}
