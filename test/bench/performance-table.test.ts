/** The bench report and the README table made from it: what is read from a bench's output, and what the table says. */
import { describe, expect, it } from "vitest";
import { figureLines, renderTable, verdict, type BenchReport } from "../../bench/performance-table.js";
import type { Figure } from "../../bench/harness.js";

const figure = (overrides: Partial<Figure>): Figure => ({
  bench: "redis",
  metric: "publish",
  value: 90_000,
  unit: "events/s",
  baseline: "raw ioredis",
  baselineValue: 100_000,
  ratio: 0.9,
  spread: [0.8, 1.1],
  target: 0.85,
  goal: "redis publish >= 0.85x raw",
  met: true,
  rounds: 7,
  ...overrides,
});

describe("figureLines", () => {
  it.each([
    { given: "a figure line among log lines", stdout: `redis bench\n  publish: ...\n${JSON.stringify({ bench: "redis", metric: "publish", value: 1 })}\n`, want: 1 },
    { given: "JSON that names no metric", stdout: `{"level":"info","bench":"redis"}\n`, want: 0 },
    { given: "a log line starting with a brace", stdout: "{not json\n", want: 0 },
  ])("$given -> $want figure(s)", ({ stdout, want }) => {
    expect(figureLines(stdout)).toHaveLength(want);
  });
});

describe("verdict", () => {
  it.each([
    { given: "met", figure: figure({}), want: "met" },
    { given: "missed", figure: figure({ ratio: 0.65, met: false }), want: "missed" },
    { given: "no target", figure: figure({ target: null, met: null }), want: null },
    { given: "an older line without met, judged on its ratio", figure: { ratio: 0.81, target: 0.85 }, want: "missed" },
  ])("$given -> $want", ({ figure, want }) => {
    expect(verdict(figure)).toBe(want);
  });
});

describe("renderTable", () => {
  const report = (runs: BenchReport["runs"], environment: Record<string, string> = {}): BenchReport => ({
    date: "2026-12-07T23:00:00.000Z",
    machine: { cpu: "Test CPU", cores: 2, memoryGb: 8, node: "v20.0.0", platform: "linux x64", loadAverage: { start: 6, end: 7 } },
    environment,
    runs,
  });

  it.each([
    {
      given: "a met target",
      report: report([{ script: "bench:redis", status: "ok", seconds: 60, figures: [figure({})] }]),
      want: ["Test CPU, 2 cores, 8 GB, Node v20.0.0", "a busy machine", "| `bench:redis` | publish: redis publish >= 0.85x raw | 90,000 events/s, 7 rounds | raw ioredis: 100,000 events/s; ratio **0.9** (0.8–1.1) | ratio ≥ 0.85 | met |", "Every target was met"],
    },
    {
      given: "a missed budget",
      report: report([{ script: "bench:codegen", status: "ok", seconds: 60, figures: [figure({ bench: "codegen", metric: "cold-2000", value: 9000, unit: "ms", baseline: null, baselineValue: null, ratio: null, spread: [8000, 11000], target: 5000, goal: "cold <= 5000 ms", met: false })] }]),
      want: ["9,000 ms, 7 rounds (8,000–11,000)", "≤ 5,000 ms", "**MISSED**", "**Targets missed in this run (1):**", "- `bench:codegen` cold-2000: 9,000 ms, 7 rounds (8,000–11,000); the target is ≤ 5,000 ms (cold <= 5000 ms)."],
    },
    {
      given: "a failed bench and a smaller run",
      report: report([{ script: "bench:nats", status: "failed", seconds: 1, figures: [], error: "exit 1: nats-server not found" }], { BENCH_ROUNDS: "7", BENCH_EVENTS: "1000" }),
      want: ["with BENCH_ROUNDS=7 BENCH_EVENTS=1000", "**the bench failed**: exit 1: nats-server not found", "- `bench:nats` failed, so none of its targets was measured."],
    },
  ])("$given", ({ report, want }) => {
    const table = renderTable(report);
    for (const text of want) expect(table).toContain(text);
  });
});
