/**
 * `observability/grafana-dashboard.json`: one Grafana dashboard over eventsmith's metrics (throughput,
 * outcomes, handler latency, errors, retries, dead letters, lag), with the alert thresholds drawn
 * on the panels they concern. Import it into Grafana and pick the Prometheus data source.
 */
import { alertSettings } from "../../ir/settings.js";
import type { AlertRule, CatalogIR } from "../../ir/types.js";
import { jsonFile, type GeneratedFile } from "../generated-file.js";
import { uniqueSlugs } from "../docs/slugs.js";
import { queries } from "./queries.js";

export const DASHBOARD_PATH = "observability/grafana-dashboard.json";
const WINDOW = "$__rate_interval";
const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

interface PanelSpec {
  title: string;
  description: string;
  /** PromQL and legend per query. */
  targets: [expr: string, legend: string][];
  unit: string;
  kind?: "timeseries" | "stat";
  /** An alert threshold drawn on the panel. */
  threshold?: AlertRule | false;
}

export function emitGrafanaDashboard(ir: CatalogIR): GeneratedFile {
  const alerts = alertSettings(ir.settings);
  const panels: PanelSpec[] = [
    { title: "Published events / s", description: "Events the transport accepted, per event.", targets: [[queries.publishedRate(WINDOW), "{{event}}"]], unit: "ops" },
    { title: "Handled / s by outcome", description: "Deliveries per consumer group and outcome.", targets: [[queries.handledRate(WINDOW), "{{group}} {{outcome}}"]], unit: "ops" },
    {
      title: "Handler time (p50, p95, p99)",
      description: "Handler duration per event and group.",
      targets: [
        [queries.handlerSeconds(0.5, WINDOW), "p50 {{event}} {{group}}"],
        [queries.handlerSeconds(0.95, WINDOW), "p95 {{event}} {{group}}"],
        [queries.handlerSeconds(0.99, WINDOW), "p99 {{event}} {{group}}"],
      ],
      unit: "s",
    },
    {
      title: "Handler error ratio",
      description: "Share of handlings that failed (retried or dead-lettered).",
      targets: [[queries.handlerErrorRatio(WINDOW), "{{event}} {{group}}"]],
      unit: "percentunit",
      threshold: alerts.handlerErrors,
    },
    { title: "Retries / s", description: "Failed attempts scheduled again.", targets: [[queries.retryRate(WINDOW), "{{event}} {{group}}"]], unit: "ops" },
    {
      title: "Dead letters / s",
      description: "Events dead-lettered, per reason code.",
      targets: [[queries.deadLetterRate(WINDOW), "{{event}} {{group}} {{code}}"]],
      unit: "ops",
      threshold: alerts.deadLetters,
    },
    {
      title: "Publish errors / s",
      description: "Publishes refused by validation or not accepted by the transport.",
      targets: [[queries.publishErrorRate(WINDOW), "{{event}} {{code}}"]],
      unit: "ops",
      threshold: alerts.publishErrors,
    },
    {
      title: "Consumer lag",
      description: "Deliveries waiting per consumer group, read from the broker.",
      targets: [[queries.consumerLag(), "{{group}}"]],
      unit: "short",
      threshold: alerts.consumerLag,
    },
    { title: "Dead-letter queue size", description: "Entries in the dead-letter queue.", targets: [[queries.deadLetterQueueSize(), "DLQ"]], unit: "short", kind: "stat" },
  ];
  return jsonFile(DASHBOARD_PATH, {
    title: `${ir.title} events`,
    // Grafana uids are at most 40 characters
    uid: uniqueSlugs([ir.title]).get(ir.title)!.slice(0, 40),
    tags: ["eventsmith"],
    timezone: "browser",
    schemaVersion: 39,
    refresh: "30s",
    time: { from: "now-6h", to: "now" },
    templating: {
      list: [{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus", current: {}, hide: 0 }],
    },
    panels: panels.map(panel),
  });
}

function panel(spec: PanelSpec, index: number) {
  const kind = spec.kind ?? "timeseries";
  const steps: { color: string; value: number | null }[] = [{ color: "green", value: null }];
  if (spec.threshold) steps.push({ color: spec.threshold.severity === "critical" ? "red" : "orange", value: spec.threshold.threshold });
  return {
    id: index + 1,
    type: kind,
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
    targets: spec.targets.map(([expr, legendFormat], i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr, legendFormat })),
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        thresholds: { mode: "absolute", steps },
        ...(kind === "timeseries" && spec.threshold ? { custom: { thresholdsStyle: { mode: "line" } } } : {}),
      },
      overrides: [],
    },
    options: kind === "stat" ? { reduceOptions: { calcs: ["lastNotNull"] } } : { legend: { displayMode: "list", placement: "bottom" } },
  };
}
