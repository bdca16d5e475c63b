/**
 * `prometheusMetrics({ registry })`: the bus's counters, handler-time histogram and broker gauges in
 * a prom-client registry. Labels are bounded by the catalog: event names, durable group names,
 * outcomes and error codes; never an event id or a tenant (ephemeral groups share one label value,
 * `ephemeral`). The names are a contract: the generated alert rules and dashboard query them.
 * On the hot path a publish or a handling adds to plain numbers (series.ts); the registry reads
 * them when scraped (collected-metrics.ts).
 */
import type { Registry } from "prom-client";
import type { CloudEvent } from "../bus/envelope.js";
import { InvalidOptionsError } from "../bus/errors.js";
import type {
  HandleObserver,
  HandleOutcome,
  Instrumentation,
  InstrumentationHooks,
  InstrumentedBus,
  PublishObserver,
} from "../bus/instrumentation.js";
import { checkOptions, isObject } from "../bus/option-checks.js";
import type { SubscriptionSpec } from "../bus/transport.js";
import { registerMetrics } from "./collected-metrics.js";
import { consumerGroupLabel, publishErrorCode } from "./metric-names.js";
import { SeriesTable, type HandleCounts, type PublishCounts, type RequestCounts } from "./series.js";

export interface PrometheusMetricsOptions {
  /** The prom-client registry the metrics are registered in (and scraped from), e.g. `register`. */
  registry: Registry;
  /** Upper bounds of the handler-time histogram, in seconds. Default: 1 ms to 10 s. */
  durationBuckets?: readonly number[];
}

const DEFAULT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Buses sharing a registry share its counts (and the gauges read every one of them). */
const byRegistry = new WeakMap<Registry, { table: SeriesTable; buses: Set<InstrumentedBus> }>();

export function prometheusMetrics(options: PrometheusMetricsOptions): Instrumentation {
  checkOptions(options, { registry: isRegistry, durationBuckets: isBuckets }, "options");
  if (options?.registry === undefined) throw new InvalidOptionsError("options.registry", "is required: a prom-client Registry (e.g. `register`)");
  let shared = byRegistry.get(options.registry);
  if (shared === undefined) {
    shared = { table: new SeriesTable(options.durationBuckets ?? DEFAULT_BUCKETS), buses: new Set() };
    registerMetrics(options.registry, shared.table, shared.buses);
    byRegistry.set(options.registry, shared);
  }
  const { table, buses } = shared;
  return {
    attach: (bus) => {
      buses.add(bus);
      // every event's series exists from the start, at zero, so rate() and absent() work before traffic
      for (const event of bus.events) table.publish(event);
      return meteringHooks(table);
    },
  };
}

function meteringHooks(table: SeriesTable): InstrumentationHooks {
  // the counts of a subscription's events, found once per subscription and event
  const handled = new WeakMap<SubscriptionSpec, Map<string, HandleCounts>>();
  const published = new Map<string, PublishSeries>();
  let last: { subscription: SubscriptionSpec; type: string; counts: HandleCounts } | undefined;
  return {
    publish: (events) => {
      if (events.length !== 1) return new BatchPublish(table, events);
      const type = events[0]!.type;
      let series = published.get(type);
      if (series === undefined) published.set(type, (series = new PublishSeries(table.publish(type))));
      return series;
    },
    rejected: (event, code) => table.publish(event).failed(code),
    request: (request) => new Requesting(table.request(request.type)),
    // a reply group is a handler group like any other: its handlings count in the same series
    serve: (request, group) => new Handling(table.handle(request.type, consumerGroupLabel(group, true))),
    handle: (delivery, subscription) => {
      const type = delivery.event.type;
      // a subscription mostly handles one event type in a row: the last series found answers without a lookup
      if (last === undefined || subscription !== last.subscription || type !== last.type) {
        let bySubscription = handled.get(subscription);
        if (bySubscription === undefined) handled.set(subscription, (bySubscription = new Map()));
        let counts = bySubscription.get(type);
        if (counts === undefined) bySubscription.set(type, (counts = table.handle(type, consumerGroupLabel(subscription.group, subscription.durable))));
        last = { subscription, type, counts };
      }
      return new Handling(last.counts);
    },
  };
}

class PublishSeries implements PublishObserver {
  constructor(private readonly counts: PublishCounts) {}
  done(error?: unknown): void {
    if (error === undefined) this.counts.published++;
    else this.counts.failed(publishErrorCode(error));
  }
}

class BatchPublish implements PublishObserver {
  constructor(
    private readonly table: SeriesTable,
    private readonly events: readonly CloudEvent[],
  ) {}
  done(error?: unknown): void {
    for (const event of this.events) new PublishSeries(this.table.publish(event.type)).done(error);
  }
}

/** One delivery: times the handler and counts the outcome. */
class Handling implements HandleObserver {
  private started = 0;
  constructor(private readonly counts: HandleCounts) {}

  run<A extends unknown[], T>(handler: (...args: A) => T, ...args: A): T {
    this.started = performance.now();
    return handler(...args);
  }

  settled(outcome: HandleOutcome): void {
    const counts = this.counts;
    // filtered events, validation failures and unknown types never reach the handler: no handler time
    if (this.started !== 0) counts.observe((performance.now() - this.started) / 1000);
    switch (outcome.kind) {
      case "ack":
        counts.acked++;
        break;
      case "filtered":
        counts.filtered++;
        break;
      case "retry":
        counts.retried++;
        break;
      case "dead-letter":
        counts.deadLetter(outcome.error.code);
        break;
      case "failed":
        counts.failed++;
        break;
    }
  }
}

/** One `bus.request`: times the round trip and counts how it ended. */
class Requesting implements PublishObserver {
  private readonly started = performance.now();
  constructor(private readonly counts: RequestCounts) {}

  done(error?: unknown): void {
    this.counts.observe((performance.now() - this.started) / 1000);
    this.counts.ended(error === undefined ? "replied" : publishErrorCode(error));
  }
}

function isRegistry(value: unknown, path: string): void {
  isObject(value, path);
  if (typeof (value as { registerMetric?: unknown }).registerMetric !== "function") {
    throw new InvalidOptionsError(path, "must be a prom-client Registry");
  }
}

function isBuckets(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((bound, i) => typeof bound === "number" && bound > 0 && (i === 0 || bound > value[i - 1]))) {
    throw new InvalidOptionsError(path, "must be increasing positive numbers of seconds");
  }
}
