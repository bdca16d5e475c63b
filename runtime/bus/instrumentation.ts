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
  health(): Promise<BusHealth>;
}

/** Told once whether the transport accepted a publish. */
export interface PublishObserver {
  /** No argument when the transport accepted the events, the error when it did not. */
  done(error?: unknown): void;
}

/** How a delivery ended: a settlement, or `filtered` (acknowledged without calling the handler). */
export type HandleOutcome = Settlement | { kind: "filtered" };

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
  private readonly publishers: InstrumentationHooks[];
  private readonly handlers: InstrumentationHooks[];
  private readonly rejecters: InstrumentationHooks[];

  constructor(
    hooks: InstrumentationHooks[],
    readonly logger: Logger,
  ) {
    this.publishers = hooks.filter((item) => item.publish !== undefined);
    this.handlers = hooks.filter((item) => item.handle !== undefined);
    this.rejecters = hooks.filter((item) => item.rejected !== undefined);
  }

  failed(hook: string, error: unknown): void {
    this.logger.error(`instrumentation ${hook} hook failed`, { error: String(error) });
  }

  rejected(event: string, code: string): void {
    for (const item of this.rejecters) {
      try {
        item.rejected!(event, code);
      } catch (error) {
        this.failed("rejected", error);
      }
    }
  }

  publish(events: readonly CloudEvent[]): PublishObserver | undefined {
    if (this.publishers.length === 1) {
      try {
        return this.publishers[0]!.publish!(events);
      } catch (error) {
        this.failed("publish", error);
        return undefined;
      }
    }
    let observers: PublishObserver[] | undefined;
    for (const item of this.publishers) {
      try {
        const observer = item.publish!(events);
        if (observer !== undefined) (observers ??= []).push(observer);
      } catch (error) {
        this.failed("publish", error);
      }
    }
    return observers === undefined ? undefined : new AttachedPublish(observers, this);
  }

  handle(delivery: Delivery, subscription: SubscriptionSpec): HandleObserver | undefined {
    if (this.handlers.length === 1) {
      try {
        return this.handlers[0]!.handle!(delivery, subscription);
      } catch (error) {
        this.failed("handle", error);
        return undefined;
      }
    }
    let observers: HandleObserver[] | undefined;
    for (const item of this.handlers) {
      try {
        const observer = item.handle!(delivery, subscription);
        if (observer !== undefined) (observers ??= []).push(observer);
      } catch (error) {
        this.failed("handle", error);
      }
    }
    return observers === undefined ? undefined : new AttachedHandle(observers, this);
  }

  /** Tells a publish observer how the publish went. */
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
