/**
 * `prometheusMetrics({ registry })`: the bus's counters, handler-time histogram and broker gauges in
 * a prom-client registry. Labels are bounded by the catalog: event names, durable group names,
 * outcomes and error codes; never an event id or a tenant (ephemeral groups share one label value,
 * `ephemeral`). The names are a contract: the generated alert rules and dashboard query them.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { HandleObserver, Instrumentation, InstrumentationHooks, InstrumentedBus } from "../bus/instrumentation.js";
import { InvalidOptionsError } from "../bus/errors.js";
import { checkOptions, isObject } from "../bus/option-checks.js";
import type { SubscriptionSpec } from "../bus/transport.js";
import { consumerGroupLabel, METRICS, publishErrorCode } from "./metric-names.js";
import { readGauges } from "./scrape-gauges.js";

export interface PrometheusMetricsOptions {
  /** The registry the metrics are registered in (and scraped from). */
  registry: Registry;
  /** Upper bounds of the handler-time histogram, in seconds. Default: 1 ms to 10 s. */
  durationBuckets?: readonly number[];
}

const DEFAULT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metric objects of one registry; buses sharing a registry share them (and the gauges read every bus). */
interface RegistryMetrics {
  published: Counter<"event">;
  handled: Counter<"event" | "group" | "outcome">;
  duration: Histogram<"event" | "group">;
  retries: Counter<"event" | "group">;
  deadLetters: Counter<"event" | "group" | "code">;
  publishErrors: Counter<"event" | "code">;
  buses: Set<InstrumentedBus>;
}

const byRegistry = new WeakMap<Registry, RegistryMetrics>();

export function prometheusMetrics(options: PrometheusMetricsOptions): Instrumentation {
  checkOptions(options, { registry: isObject, durationBuckets: isBuckets }, "options");
  if (options?.registry === undefined) throw new InvalidOptionsError("options.registry", "is required: a prom-client Registry (e.g. `register`)");
  const metrics = registryMetrics(options.registry, options.durationBuckets ?? DEFAULT_BUCKETS);
  const hooks = registryHooks(metrics);
  return {
    attach: (bus) => {
      metrics.buses.add(bus);
      // every event's series exists from the start, at zero, so rate() and absent() work before traffic
      for (const event of bus.events) metrics.published.labels(event).inc(0);
      return hooks;
    },
  };
}

function registryHooks(metrics: RegistryMetrics): InstrumentationHooks {
  return {
    publish: (events) => (error) => {
      if (error === undefined) for (const event of events) metrics.published.labels(event.type).inc();
      else for (const event of events) metrics.publishErrors.labels(event.type, publishErrorCode(error)).inc();
    },
    rejected: (event, code) => metrics.publishErrors.labels(event, code).inc(),
    handle: (delivery, subscription) => observeHandling(metrics, delivery.event.type, subscription),
  };
}

function observeHandling(metrics: RegistryMetrics, event: string, subscription: SubscriptionSpec): HandleObserver {
  const group = consumerGroupLabel(subscription.group, subscription.durable);
  let started = 0;
  return {
    run: (handler) => {
      started = performance.now();
      return handler();
    },
    settled: (outcome) => {
      // filtered events, validation failures and unknown types never reach the handler: no handler time
      if (started !== 0) {
        metrics.duration.labels(event, group).observe((performance.now() - started) / 1000);
      }
      switch (outcome.kind) {
        case "ack":
          metrics.handled.labels(event, group, "acked").inc();
          break;
        case "filtered":
          metrics.handled.labels(event, group, "filtered").inc();
          break;
        case "retry":
          metrics.handled.labels(event, group, "retried").inc();
          metrics.retries.labels(event, group).inc();
          break;
        case "dead-letter":
          metrics.handled.labels(event, group, "dead_lettered").inc();
          metrics.deadLetters.labels(event, group, outcome.error.code).inc();
          break;
      }
    },
  };
}

function registryMetrics(registry: Registry, buckets: readonly number[]): RegistryMetrics {
  const existing = byRegistry.get(registry);
  if (existing !== undefined) return existing;
  const registers = [registry];
  const buses = new Set<InstrumentedBus>();
  const metrics: RegistryMetrics = {
    published: new Counter({ ...METRICS.published, registers }),
    handled: new Counter({ ...METRICS.handled, registers }),
    duration: new Histogram({ ...METRICS.duration, buckets: [...buckets], registers }),
    retries: new Counter({ ...METRICS.retries, registers }),
    deadLetters: new Counter({ ...METRICS.deadLetters, registers }),
    publishErrors: new Counter({ ...METRICS.publishErrors, registers }),
    buses,
  };
  const gauges = () => readGauges(buses);
  let reading: ReturnType<typeof gauges> | undefined;
  // one broker read per scrape serves both gauges
  const read = () => (reading ??= gauges().finally(() => setTimeout(() => (reading = undefined), 0)));
  new Gauge({
    ...METRICS.consumerPending,
    registers,
    async collect() {
      this.reset();
      for (const [group, pending] of (await read()).pending) this.labels(group).set(pending);
    },
  });
  new Gauge({
    ...METRICS.deadLetterQueueSize,
    registers,
    async collect() {
      this.set((await read()).deadLetters);
    },
  });
  byRegistry.set(registry, metrics);
  return metrics;
}

function isBuckets(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((bound, i) => typeof bound === "number" && bound > 0 && (i === 0 || bound > value[i - 1]))) {
    throw new InvalidOptionsError(path, "must be increasing positive numbers of seconds");
  }
}
