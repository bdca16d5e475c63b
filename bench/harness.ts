/**
 * What every bench shares, so each figure is measured and reported the same way:
 * - `alternate` runs eventsmith and its baseline for N rounds, swapping who goes first each round
 *   (a warm cache or a busy neighbour then favours neither side);
 * - `compare` turns the per-round pairs into one figure: the median of eventsmith's samples, the
 *   median and the spread (min–max) of the per-round ratios, judged against a fixed target;
 * - `coldProcess` times a command as a user runs it, with its peak memory (RSS);
 * - `report` prints the one JSON line per figure that tools read.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** Rounds every bench runs at least (the issue asks for 7, alternating). */
export const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 7);

/** One sample per round for each side. */
export interface Samples {
  ours: number[];
  baseline: number[];
}

/** Runs both sides `rounds` times, eventsmith first on even rounds and the baseline first on odd ones. */
export async function alternate(
  ours: () => number | Promise<number>,
  baseline: () => number | Promise<number>,
  rounds = ROUNDS,
): Promise<Samples> {
  const samples: Samples = { ours: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      samples.ours.push(await ours());
      samples.baseline.push(await baseline());
    } else {
      samples.baseline.push(await baseline());
      samples.ours.push(await ours());
    }
  }
  return samples;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** One figure as tools read it: `ratio` > 1 means better than the baseline, `target` is what the issue asks for. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** The named baseline, or null for an absolute figure (a time or size budget). */
  baseline: string | null;
  baselineValue: number | null;
  ratio: number | null;
  /** Min–max of the per-round ratios (or of the values, for an absolute figure). */
  spread: [number, number];
  target: number | null;
  /** The figure the target is about, in words: "compat cold 2000 events <= 1000 ms". */
  goal: string;
  met: boolean | null;
  /** Rounds (samples per side) the figure is the median of; compare and budget always set it. */
  rounds?: number;
}

/**
 * A figure against a baseline from alternating samples. `better` says which way is good:
 * "higher" for throughput (ratio = ours / baseline), "lower" for time (ratio = baseline / ours).
 * The ratio is judged on its median against `target`.
 */
export function compare(options: {
  bench: string;
  metric: string;
  unit: string;
  baseline: string;
  samples: Samples;
  better: "higher" | "lower";
  target: number | null;
  goal: string;
}): Figure {
  const { samples, better } = options;
  const ratios = samples.ours.map((ours, i) => (better === "higher" ? ours / samples.baseline[i]! : samples.baseline[i]! / ours));
  const ratio = median(ratios);
  return {
    bench: options.bench,
    metric: options.metric,
    value: rounded(median(samples.ours)),
    unit: options.unit,
    baseline: options.baseline,
    baselineValue: rounded(median(samples.baseline)),
    ratio: rounded(ratio, 3),
    spread: [rounded(Math.min(...ratios), 3), rounded(Math.max(...ratios), 3)],
    target: options.target,
    goal: options.goal,
    met: options.target === null ? null : ratio >= options.target,
    rounds: ratios.length,
  };
}

/** An absolute figure (a time, a size, a memory peak) judged against a budget: lower is better. */
export function budget(options: { bench: string; metric: string; unit: string; values: number[]; target: number | null; goal: string }): Figure {
  const value = median(options.values);
  return {
    bench: options.bench,
    metric: options.metric,
    value: rounded(value),
    unit: options.unit,
    baseline: null,
    baselineValue: null,
    ratio: null,
    spread: [rounded(Math.min(...options.values)), rounded(Math.max(...options.values))],
    target: options.target,
    goal: options.goal,
    met: options.target === null ? null : value <= options.target,
    rounds: options.values.length,
  };
}

/** Prints a readable line per figure, then the JSON lines last, where tools look for them. */
export function report(figures: readonly Figure[]): void {
  for (const f of figures) {
    const against = f.baseline === null ? "" : ` vs ${f.baseline} ${f.baselineValue} ${f.unit}: ratio ${f.ratio} (${f.spread[0]}–${f.spread[1]})`;
    const verdict = f.met === null ? "" : f.met ? "  met" : "  MISSED";
    console.log(`  ${f.metric}: ${f.value} ${f.unit}${against}  [${f.goal}]${verdict}`);
  }
  for (const f of figures) console.log(JSON.stringify(f));
}

const PEAK_RSS_PRELOAD = join(import.meta.dirname, "peak-rss.cjs");

/** A command run as a cold process: its wall time, its peak memory and what it printed. */
export interface ColdRun {
  ms: number;
  peakRssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Node program as a user runs it (a fresh process) and measures wall time and peak RSS.
 * The RSS comes from the process itself (`process.resourceUsage().maxRSS`, worker threads
 * included), written at exit by a preloaded script, so no platform `time` tool is needed.
 */
export function coldProcess(args: string[], options: { cwd: string; okStatus?: number[] }): Promise<ColdRun> {
  const dir = mkdtempSync(join(tmpdir(), "eventsmith-bench-rss-"));
  const rssFile = join(dir, "rss");
  const started = performance.now();
  const child = spawn(process.execPath, ["--require", PEAK_RSS_PRELOAD, ...args], {
    cwd: options.cwd,
    env: { ...process.env, EVENTSMITH_BENCH_RSS_FILE: rssFile },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      const ms = performance.now() - started;
      const peakRssMb = Number(readFileSync(rssFile, "utf8")) / 1024;
      rmSync(dir, { recursive: true, force: true });
      if (!(options.okStatus ?? [0]).includes(status ?? -1)) {
        reject(new Error(`${args.join(" ")} exited ${status}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ ms, peakRssMb, status, stdout, stderr });
    });
  });
}

export function rounded(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
