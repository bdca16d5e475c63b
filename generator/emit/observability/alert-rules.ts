/**
 * `observability/alert-rules.yml`: Prometheus alerting rules (seed 001's, on eventsmith's metrics),
 * thresholds from `info.x-eventsmith.alerts`. Built as data and printed by the YAML library, so
 * nothing from the catalog is pasted into the file's text.
 */
import { stringify } from "yaml";
import { alertSettings } from "../../ir/settings.js";
import type { AlertRule, AlertSettings, CatalogIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import { queries } from "./queries.js";

export const ALERT_RULES_PATH = "observability/alert-rules.yml";
const WINDOW = "5m";

interface AlertDefinition {
  alert: string;
  expr: (threshold: number) => string;
  summary: string;
  description: string;
}

const DEFINITIONS: Record<keyof AlertSettings, AlertDefinition> = {
  consumerLag: {
    alert: "EventsmithConsumerLagHigh",
    expr: (threshold) => `${queries.consumerLag()} > ${threshold}`,
    summary: "Consumer group {{ $labels.group }} is falling behind",
    description: "{{ $value }} deliveries are waiting for consumer group {{ $labels.group }}.",
  },
  deadLetters: {
    alert: "EventsmithDeadLettersGrowing",
    expr: (threshold) => `${queries.deadLetterRate(WINDOW)} > ${threshold}`,
    summary: "{{ $labels.event }} events are being dead-lettered by {{ $labels.group }}",
    description: "{{ $value }} dead letters per second ({{ $labels.code }}) for {{ $labels.event }} in group {{ $labels.group }}.",
  },
  handlerErrors: {
    alert: "EventsmithHandlerErrorRateHigh",
    expr: (threshold) => `${queries.handlerErrorRatio(WINDOW)} > ${threshold}`,
    summary: "Handlers of {{ $labels.event }} in {{ $labels.group }} keep failing",
    description: "{{ $value | humanizePercentage }} of {{ $labels.event }} handlings in group {{ $labels.group }} failed over the last 5 minutes.",
  },
  publishErrors: {
    alert: "EventsmithPublishErrors",
    expr: (threshold) => `${queries.publishErrorRate(WINDOW)} > ${threshold}`,
    summary: "Publishing {{ $labels.event }} fails ({{ $labels.code }})",
    description: "{{ $value }} publishes of {{ $labels.event }} per second fail with {{ $labels.code }}.",
  },
};

export function emitAlertRules(ir: CatalogIR): GeneratedFile {
  const settings = alertSettings(ir.settings);
  const rules = (Object.keys(DEFINITIONS) as (keyof AlertSettings)[]).flatMap((name) => {
    const rule = settings[name];
    return rule === false ? [] : [alertRule(DEFINITIONS[name], rule, ir.title)];
  });
  const document = { groups: [{ name: "eventsmith", rules }] };
  return { path: ALERT_RULES_PATH, contents: header("yaml") + stringify(document, { lineWidth: 0 }) };
}

function alertRule(definition: AlertDefinition, rule: AlertRule, catalog: string) {
  return {
    alert: definition.alert,
    expr: definition.expr(rule.threshold),
    for: rule.for,
    labels: { severity: rule.severity },
    annotations: { summary: definition.summary, description: definition.description, catalog },
  };
}
