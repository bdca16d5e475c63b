/**
 * Metric objects a prom-client Registry formats like its own (`registry.registerMetric`): each
 * answers `get()` from the SeriesTable, or for the gauges from the brokers, when a scrape asks.
 */
import type { Registry } from "prom-client";
import type { InstrumentedBus } from "../bus/instrumentation.js";
import { METRICS, type MetricDefinition } from "./metric-names.js";
import { readGauges, type GaugeValues } from "./scrape-gauges.js";
import type { Durations, SeriesTable } from "./series.js";

type Labels = Record<string, string | number>;
interface Sample {
  value: number;
  labels: Labels;
  metricName?: string;
}

/** The shape prom-client's Registry reads from a metric. */
class CollectedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: MetricDefinition["type"];
  readonly labelNames: string[];
  readonly aggregator = "sum";

  constructor(
    definition: MetricDefinition,
    private readonly samples: () => Sample[] | Promise<Sample[]>,
    private readonly onReset: () => void = () => undefined,
  ) {
    this.name = definition.name;
    this.help = definition.help;
    this.type = definition.type;
    this.labelNames = [...definition.labelNames];
  }

  async get() {
    return { name: this.name, help: this.help, type: this.type, values: await this.samples(), aggregator: this.aggregator };
  }

  reset(): void {
    this.onReset();
  }
}

/** Registers every eventsmith metric in `registry`, reading `table` and the brokers of `buses`. */
export function registerMetrics(registry: Registry, table: SeriesTable, buses: Set<InstrumentedBus>): void {
  const handlings = () => [...table.allHandlings()];
  const counter = (definition: MetricDefinition, samples: () => Sample[]) => new CollectedMetric(definition, samples, () => resetCounts(table));
  // one broker read per scrape serves both gauges
  let reading: Promise<GaugeValues> | undefined;
  const gauges = () => (reading ??= readGauges(buses).finally(() => setTimeout(() => (reading = undefined), 0)));
  const metrics = [
    counter(METRICS.published, () => [...table.publishes.values()].map((p) => ({ value: p.published, labels: { event: p.event } }))),
    counter(METRICS.handled, () =>
      handlings().flatMap((h) =>
        (
          [
            ["acked", h.acked],
            ["retried", h.retried],
            ["dead_lettered", h.deadLettered],
            ["filtered", h.filtered],
            ["failed", h.failed],
          ] as const
        )
          .filter(([, value]) => value > 0)
          .map(([outcome, value]) => ({ value, labels: { event: h.event, group: h.group, outcome } })),
      ),
    ),
    counter(METRICS.duration, () =>
      handlings()
        .filter((h) => h.durationCount > 0)
        .flatMap((h) => histogramSamples(METRICS.duration.name, h, { event: h.event, group: h.group }, table.bounds)),
    ),
    counter(METRICS.retries, () => handlings().filter((h) => h.retried > 0).map((h) => ({ value: h.retried, labels: { event: h.event, group: h.group } }))),
    counter(METRICS.deadLetters, () =>
      handlings().flatMap((h) => [...h.deadLetters].map(([code, value]) => ({ value, labels: { event: h.event, group: h.group, code } }))),
    ),
    counter(METRICS.publishErrors, () =>
      [...table.publishes.values()].flatMap((p) => [...p.errors].map(([code, value]) => ({ value, labels: { event: p.event, code } }))),
    ),
    counter(METRICS.requests, () =>
      [...table.requests.values()].flatMap((r) => [...r.outcomes].map(([outcome, value]) => ({ value, labels: { event: r.event, outcome } }))),
    ),
    counter(METRICS.requestDuration, () =>
      [...table.requests.values()]
        .filter((r) => r.durationCount > 0)
        .flatMap((r) => histogramSamples(METRICS.requestDuration.name, r, { event: r.event }, table.bounds)),
    ),
    new CollectedMetric(METRICS.consumerPending, async () => [...(await gauges()).pending].map(([group, value]) => ({ value, labels: { group } }))),
    new CollectedMetric(METRICS.deadLetterQueueSize, async () => [{ value: (await gauges()).deadLetters, labels: {} }]),
  ];
  for (const metric of metrics) registry.registerMetric(metric as never);
}

function histogramSamples(name: string, h: Durations, labels: Labels, bounds: readonly number[]): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  bounds.forEach((bound, i) => {
    cumulative += h.buckets[i]!;
    samples.push({ metricName: `${name}_bucket`, value: cumulative, labels: { ...labels, le: bound } });
  });
  samples.push({ metricName: `${name}_bucket`, value: h.durationCount, labels: { ...labels, le: "+Inf" } });
  samples.push({ metricName: `${name}_sum`, value: h.durationSum, labels });
  samples.push({ metricName: `${name}_count`, value: h.durationCount, labels });
  return samples;
}

/** `registry.resetMetrics()`: every count back to zero (the series stay). */
function resetCounts(table: SeriesTable): void {
  for (const p of table.publishes.values()) {
    p.published = 0;
    p.errors.clear();
  }
  for (const h of table.allHandlings()) {
    h.acked = h.filtered = h.retried = h.deadLettered = h.failed = 0;
    h.reset();
    h.deadLetters.clear();
  }
  for (const r of table.requests.values()) {
    r.outcomes.clear();
    r.reset();
  }
}
