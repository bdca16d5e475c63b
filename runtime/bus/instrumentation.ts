/**
 * The hooks tracing and metrics attach through: `createEventBus({ instrumentation: [...] })`.
 * The bus folds what is attached into one Instrumentation (or `undefined` when nothing is), so a
 * bus without instrumentation pays one `undefined` check per publish and per delivery.
 * A hook that throws is logged and ignored: observing the bus must never break it.
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

/** Told once whether the transport accepted a publish: no argument when it did, the error when it did not. */
export type PublishObserver = (error?: unknown) => void;

/** How a delivery ended: a settlement, or `filtered` (acknowledged without calling the handler). */
export type HandleOutcome = Settlement | { kind: "filtered" };

export interface HandleObserver {
  /** Runs the handler, e.g. with the consumer span as the active context. */
  run<T>(handler: () => T): T;
  /** Called once; `error` is what the handler threw when it failed. */
  settled(outcome: HandleOutcome, error?: unknown): void;
}

/** A tracer or a metrics exporter: attached to each bus given it, it returns that bus's hooks. */
export interface Instrumentation {
  /** Called once per bus, when the bus is created. */
  attach(bus: InstrumentedBus): InstrumentationHooks;
}

/** Every hook is optional; the bus calls them on its hot paths, so they should be cheap. */
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
): InstrumentationHooks | undefined {
  if (list === undefined || list.length === 0) return undefined;
  const guard = <T>(what: string, call: () => T): T | undefined => {
    try {
      return call();
    } catch (error) {
      logger.error(`instrumentation ${what} hook failed`, { error: String(error) });
      return undefined;
    }
  };
  const hooks = list.map((item) => item.attach(bus));
  const publishers = hooks.filter((item) => item.publish !== undefined);
  const handlers = hooks.filter((item) => item.handle !== undefined);
  const rejecters = hooks.filter((item) => item.rejected !== undefined);
  return {
    rejected: (event, code) => {
      for (const item of rejecters) guard("rejected", () => item.rejected!(event, code));
    },
    publish: (events) => {
      const observers: PublishObserver[] = [];
      for (const item of publishers) {
        const observer = guard("publish", () => item.publish!(events));
        if (observer !== undefined) observers.push(observer);
      }
      if (observers.length === 0) return undefined;
      return (error) => {
        for (const observer of observers) guard("publish", () => observer(error));
      };
    },
    handle: (delivery, subscription) => {
      const observers: HandleObserver[] = [];
      for (const item of handlers) {
        const observer = guard("handle", () => item.handle!(delivery, subscription));
        if (observer !== undefined) observers.push(observer);
      }
      if (observers.length === 0) return undefined;
      if (observers.length === 1) return guarded(observers[0]!, guard);
      return {
        // the first attached wraps the others: its context is the outermost
        run: (handler) => observers.reduceRight<() => ReturnType<typeof handler>>((inner, observer) => () => observer.run(inner), handler)(),
        settled: (outcome, error) => {
          for (const observer of observers) guard("settled", () => observer.settled(outcome, error));
        },
      };
    },
  };
}

function guarded(observer: HandleObserver, guard: <T>(what: string, call: () => T) => T | undefined): HandleObserver {
  return { run: (handler) => observer.run(handler), settled: (outcome, error) => guard("settled", () => observer.settled(outcome, error)) };
}
