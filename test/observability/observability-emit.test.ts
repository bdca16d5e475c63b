/**
 * The generated alert rules and Grafana dashboard: promtool accepts them (rules as written, the
 * dashboard's queries as recording rules), every PromQL expression uses only metrics the library
 * exports, and thresholds come from `info.x-eventsmith.alerts` with file:line:col for mistakes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCatalog } from "../../generator/pipeline.js";
import { ALERT_RULES_PATH, DASHBOARD_PATH, emitObservability } from "../../generator/emit/observability/emit-observability.js";
import type { GeneratedFile } from "../../generator/emit/generated-file.js";
import { exportedSeriesNames, METRICS } from "eventsmith/prometheus";
import { requireBinary } from "../support/broker-process.js";
import { compileFiles, diagnosticsOf, orderDocument } from "../check/catalog-on-disk.js";

const ROOT = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "eventsmith-observability-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Rules {
  groups: { name: string; rules: { alert: string; expr: string; for: string; labels: { severity: string } }[] }[];
}
interface Dashboard {
  panels: { title: string; targets: { expr: string }[]; fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } }[];
}

let files: GeneratedFile[];
const file = (path: string) => files.find((f) => f.path === path)!.contents;
const rulesOf = (generated: GeneratedFile[]) => parse(generated.find((f) => f.path === ALERT_RULES_PATH)!.contents) as Rules;
const dashboardOf = (generated: GeneratedFile[]) => JSON.parse(generated.find((f) => f.path === DASHBOARD_PATH)!.contents) as Dashboard;

beforeAll(async () => {
  const { ir, diagnostics } = await compileCatalog(join(ROOT, "catalog"));
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  files = emitObservability(ir!);
});

function promtool(args: string[]): string {
  const binary = requireBinary("promtool", "prometheus");
  const run = spawnSync(binary, args, { encoding: "utf8" });
  return `exit ${run.status}: ${(run.stdout + run.stderr).trim()}`;
}

describe("promtool", () => {
  it("accepts the alert rules generated for catalog/", () => {
    const path = join(work, "alert-rules.yml");
    writeFileSync(path, file(ALERT_RULES_PATH));
    expect(promtool(["check", "rules", path])).toBe(`exit 0: Checking ${path}\n  SUCCESS: 4 rules found`);
  });

  it("accepts every dashboard query (as recording rules, with Grafana's $__rate_interval as 5m)", () => {
    const exprs = dashboardOf(files).panels.flatMap((panel) => panel.targets.map((target) => target.expr.replaceAll("$__rate_interval", "5m")));
    const path = join(work, "dashboard-queries.yml");
    writeFileSync(path, stringify({ groups: [{ name: "dashboard", rules: exprs.map((expr, i) => ({ record: `eventsmith:dashboard_query_${i}`, expr })) }] }));
    expect(promtool(["check", "rules", path])).toBe(`exit 0: Checking ${path}\n  SUCCESS: ${exprs.length} rules found`);
  });

  it("fires the dead-letter and lag alerts on series shaped like the library's (promtool test rules)", () => {
    writeFileSync(join(work, "alert-rules.yml"), file(ALERT_RULES_PATH));
    const tests = {
      rule_files: ["alert-rules.yml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [
            // 12 dead letters a minute = 0.2/s, above seed 001's 0.1/s
            { series: 'eventsmith_dead_letters_total{event="order.placed",group="billing",code="PROCESSING_ERROR"}', values: "0+12x30" },
            { series: 'eventsmith_consumer_pending{group="billing"}', values: "20000x30" },
          ],
          alert_rule_test: [
            {
              eval_time: "20m",
              alertname: "EventsmithDeadLettersGrowing",
              exp_alerts: [
                {
                  exp_labels: { severity: "critical", event: "order.placed", group: "billing", code: "PROCESSING_ERROR" },
                  exp_annotations: {
                    summary: "order.placed events are being dead-lettered by billing",
                    description: "0.2 dead letters per second (PROCESSING_ERROR) for order.placed in group billing.",
                    catalog: "eventsmith example catalog",
                  },
                },
              ],
            },
            { eval_time: "3m", alertname: "EventsmithConsumerLagHigh", exp_alerts: [] },
            {
              eval_time: "10m",
              alertname: "EventsmithConsumerLagHigh",
              exp_alerts: [
                {
                  exp_labels: { severity: "warning", group: "billing" },
                  exp_annotations: {
                    summary: "Consumer group billing is falling behind",
                    description: "20000 deliveries are waiting for consumer group billing.",
                    catalog: "eventsmith example catalog",
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const path = join(work, "alert-tests.yml");
    writeFileSync(path, stringify(tests));
    expect(promtool(["test", "rules", path])).toMatch(/^exit 0: .*SUCCESS/s);
  });
});

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, label names or label values. */
function metricsIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  // whole identifiers, with the "(" that makes one a function call
  const tokens = stripped.match(/[A-Za-z_:][A-Za-z0-9_:]*\s*\(?/g) ?? [];
  return tokens.filter((token) => !token.endsWith("(") && !/^(and|or|unless|bool|offset)$/.test(token.trim())).map((token) => token.trim());
}

describe("PromQL uses only the metrics the library exports", () => {
  it("in the alert rules and the dashboard", () => {
    const exprs = [...rulesOf(files).groups.flatMap((group) => group.rules.map((rule) => rule.expr)), ...dashboardOf(files).panels.flatMap((panel) => panel.targets.map((target) => target.expr))];
    const used = new Set(exprs.flatMap(metricsIn));
    expect([...used].sort()).toEqual(
      [
        METRICS.published.name,
        METRICS.handled.name,
        `${METRICS.duration.name}_bucket`,
        METRICS.retries.name,
        METRICS.deadLetters.name,
        METRICS.publishErrors.name,
        METRICS.consumerPending.name,
        METRICS.deadLetterQueueSize.name,
      ].sort(),
    );
    expect([...used].filter((name) => !exportedSeriesNames().includes(name))).toEqual([]);
  });

  it("and the name finder itself finds metrics, not functions or labels", () => {
    expect(metricsIn('histogram_quantile(0.95, sum by (le, event) (rate(foo_bucket{outcome=~"a|b"}[5m]))) / on (event) bar > 0.1')).toEqual(["foo_bucket", "bar"]);
  });
});

describe("thresholds from info.x-eventsmith.alerts", () => {
  const catalogWith = (alerts: string) =>
    orderDocument("      payload: { type: object }\n").replace("  description: Order events.\n", `  description: Order events.\n  x-eventsmith:\n    alerts:\n${alerts}`);
  const cases = [
    {
      given: "nothing: seed 001's thresholds and the defaults",
      alerts: undefined,
      want: [
        "EventsmithConsumerLagHigh > 10000 for 5m warning",
        "EventsmithDeadLettersGrowing > 0.1 for 10m critical",
        "EventsmithHandlerErrorRateHigh > 0.05 for 5m warning",
        "EventsmithPublishErrors > 0 for 5m warning",
      ],
    },
    {
      given: "a lag threshold, a severity and an alert turned off",
      alerts: "      consumerLag: { threshold: 500, for: 2m }\n      handlerErrors: { severity: critical }\n      publishErrors: false\n",
      want: [
        "EventsmithConsumerLagHigh > 500 for 2m warning",
        "EventsmithDeadLettersGrowing > 0.1 for 10m critical",
        "EventsmithHandlerErrorRateHigh > 0.05 for 5m critical",
      ],
    },
  ];
  it.each(cases)("given $given", async ({ alerts, want }) => {
    const yaml = alerts === undefined ? orderDocument("      payload: { type: object }\n") : catalogWith(alerts);
    const { ir, diagnostics } = await compileFiles({ "asyncapi.yaml": yaml });
    expect(diagnostics.filter((d) => d.code === "config-invalid")).toEqual([]);
    const rules = rulesOf(emitObservability(ir!)).groups[0]!.rules;
    expect(rules.map((rule) => `${rule.alert} ${rule.expr.slice(rule.expr.lastIndexOf(">"))} for ${rule.for} ${rule.labels.severity}`)).toEqual(want);
    const lag = dashboardOf(emitObservability(ir!)).panels.find((panel) => panel.title === "Consumer lag")!;
    expect(lag.fieldConfig.defaults.thresholds.steps.map((step) => step.value)).toEqual([null, alerts === undefined ? 10000 : 500]);
  });

  it("reports mistakes at their file:line:col", async () => {
    const yaml = catalogWith("      consumerLag: { threshold: -1, for: soon }\n      queueDepth: { threshold: 3 }\n      deadLetters: { severity: page }\n");
    expect(await diagnosticsOf({ "asyncapi.yaml": yaml }, ["config-invalid"])).toEqual([
      "asyncapi.yaml:8:22 error config-invalid x-eventsmith.alerts.consumerLag.threshold: must be a number >= 0",
      "asyncapi.yaml:8:37 error config-invalid x-eventsmith.alerts.consumerLag.for: must be a Prometheus duration such as 30s, 5m or 1h30m",
      "asyncapi.yaml:9:7 error config-invalid x-eventsmith.alerts.queueDepth: unknown alert; expected one of consumerLag, deadLetters, handlerErrors, publishErrors",
      "asyncapi.yaml:10:22 error config-invalid x-eventsmith.alerts.deadLetters.severity: must be one of info, warning, critical",
    ]);
  });
});
