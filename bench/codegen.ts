/**
 * `npm run bench:codegen`: `eventsmith codegen` as a user runs it, on synthetic catalogs of
 * realistic events (bench/synthetic-catalog.ts). Builds `dist/` first: the CLI runs from it.
 *
 * - cold-500: a fresh process, `node bin/eventsmith.js codegen <catalog> --out <new dir>
 *   --no-cache` (start-up, load, check, validators, types, docs, writing), against the named
 *   baseline @asyncapi/modelina's TypeScript generator (types only, every model written to a
 *   file) also as a fresh process (bench/modelina-cold.mjs), BENCH_ROUNDS (>= 7) rounds
 *   alternating who goes first. Target (issue 20): eventsmith >= 5x faster (median ratio).
 * - warm-500: a CodegenSession (what `codegen --watch` keeps; bench/codegen-child.ts) rebuilds
 *   and writes after one event's schema changed in one file, over BENCH_ROUNDS edits. Target
 *   (issue 20): <= 150 ms (median).
 * - cold-2000: the same cold CLI at 2000 events, BENCH_ROUNDS runs, against three budgets
 *   (issue 20): <= 5 s wall time, output <= 15 MB, peak memory (RSS, worker threads
 *   included) <= 400 MB; medians judged.
 * Peak memory is printed for every cold process. Ends with one JSON line per figure.
 *
 *   BENCH_SIZES=500,2000 BENCH_ROUNDS=7 npm run bench:codegen
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { alternate, budget, coldProcess, compare, report, ROUNDS, type Figure } from "./harness.js";
import { syntheticCatalog, writeCatalog } from "./synthetic-catalog.js";

const SIZES = (process.env["BENCH_SIZES"] ?? "500,2000").split(",").map(Number);
/** Issue 20's figures. */
const TARGET_VS_MODELINA = 5;
const WARM_BUDGET_MS = 150;
const COLD_2000_BUDGET_MS = 5000;
const OUTPUT_2000_BUDGET_MB = 15;
const PEAK_2000_BUDGET_MB = 400;
const BASELINE = "@asyncapi/modelina TypeScript (types only), cold process";
const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "eventsmith-bench-codegen-"));
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

let outputs = 0;
const freshOut = () => join(work, `out-${++outputs}`);

/** Bytes of every file under `dir`. */
function sizeOf(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

interface ColdCodegen {
  ms: number;
  peakRssMb: number;
  outputMb: number;
}

/** One cold `eventsmith codegen` into a new directory; checks it did the whole job. */
async function eventsmithCold(catalog: string, events: number): Promise<ColdCodegen> {
  const out = freshOut();
  const run = await coldProcess([join(root, "bin/eventsmith.js"), "codegen", catalog, "--out", out, "--no-cache"], { cwd: root });
  if (!run.stdout.includes(`${events} events`)) throw new Error(`unexpected codegen output: ${run.stdout}`);
  const outputMb = sizeOf(out) / 1024 / 1024;
  rmSync(out, { recursive: true, force: true });
  return { ms: run.ms, peakRssMb: run.peakRssMb, outputMb };
}

async function modelinaCold(catalog: string): Promise<ColdCodegen> {
  const out = freshOut();
  const run = await coldProcess([join(root, "bench/modelina-cold.mjs"), catalog, out], { cwd: root });
  if (!/^[1-9]\d* models/.test(run.stdout)) throw new Error(`unexpected modelina output: ${run.stdout}`);
  const outputMb = sizeOf(out) / 1024 / 1024;
  rmSync(out, { recursive: true, force: true });
  return { ms: run.ms, peakRssMb: run.peakRssMb, outputMb };
}

interface Session {
  coldBuildMs: number;
  coldMs: number;
  warm: Array<{ buildMs: number; writtenMs: number; written: number }>;
}

/** The warm rebuilds of a CodegenSession in its own process, on a copy of the catalog (it is edited). */
function warmSession(catalog: string, events: number): Session {
  const edited = join(work, `edited-${events}`);
  cpSync(catalog, edited, { recursive: true });
  const args = ["--import", "tsx", join(root, "bench/codegen-child.ts"), "session", edited, freshOut(), String(ROUNDS)];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`codegen-child session failed (${result.status}):\n${result.stderr}${result.stdout}`);
  rmSync(edited, { recursive: true, force: true });
  return JSON.parse(result.stdout) as Session;
}

async function figuresAt(events: number): Promise<Figure[]> {
  const catalog = join(work, `catalog-${events}`);
  writeCatalog(catalog, syntheticCatalog({ events }));
  const figures: Figure[] = [];
  const peaks: number[] = [];
  const sizes: number[] = [];
  const times: number[] = [];
  /** One cold CLI run: its time, with its peak memory and output size kept aside. */
  const timed = async () => {
    const run = await eventsmithCold(catalog, events);
    peaks.push(run.peakRssMb);
    sizes.push(run.outputMb);
    times.push(run.ms);
    return run.ms;
  };
  if (events === 500) {
    const modelinaPeaks: number[] = [];
    const samples = await alternate(
      () => timed(),
      async () => {
        const run = await modelinaCold(catalog);
        modelinaPeaks.push(run.peakRssMb);
        return run.ms;
      },
    );
    const goal = `codegen cold CLI at 500 events >= ${TARGET_VS_MODELINA}x faster than modelina (issue 20)`;
    figures.push(compare({ bench: "codegen", metric: "cold-500", unit: "ms", baseline: BASELINE, samples, better: "lower", target: TARGET_VS_MODELINA, goal }));
    figures.push(budget({ bench: "codegen", metric: "cold-500-modelina-peak-rss", unit: "MB", values: modelinaPeaks, target: null, goal: "the baseline's peak memory, for comparison (no target)" }));
    const session = warmSession(catalog, events);
    const warm = (key: "writtenMs" | "buildMs") => session.warm.map((w) => w[key]);
    figures.push(budget({ bench: "codegen", metric: "warm-500", unit: "ms", values: warm("writtenMs"), target: WARM_BUDGET_MS, goal: `one changed event at 500 events rebuilt and written <= ${WARM_BUDGET_MS} ms (issue 20)` }));
    figures.push(budget({ bench: "codegen", metric: "warm-500-build", unit: "ms", values: warm("buildMs"), target: null, goal: "the same rebuild without its write (no target)" }));
  } else {
    for (let round = 0; round < ROUNDS; round++) await timed();
    const goal = events === 2000 ? `codegen cold CLI at 2000 events <= ${COLD_2000_BUDGET_MS} ms (issue 20)` : `codegen cold CLI at ${events} events (no target)`;
    figures.push(budget({ bench: "codegen", metric: `cold-${events}`, unit: "ms", values: times, target: events === 2000 ? COLD_2000_BUDGET_MS : null, goal }));
  }
  const at2000 = events === 2000;
  figures.push(
    budget({
      bench: "codegen",
      metric: `cold-${events}-peak-rss`,
      unit: "MB",
      values: peaks,
      target: at2000 ? PEAK_2000_BUDGET_MB : null,
      goal: at2000 ? `codegen cold CLI at 2000 events peak memory <= ${PEAK_2000_BUDGET_MB} MB (issue 20)` : `codegen cold CLI peak memory at ${events} events (no target)`,
    }),
    budget({
      bench: "codegen",
      metric: `cold-${events}-output`,
      unit: "MB",
      values: sizes,
      target: at2000 ? OUTPUT_2000_BUDGET_MB : null,
      goal: at2000 ? `codegen output at 2000 events <= ${OUTPUT_2000_BUDGET_MB} MB (issue 20)` : `codegen output at ${events} events (no target)`,
    }),
  );
  rmSync(catalog, { recursive: true, force: true });
  return figures;
}

const loadBefore = load();
const built = spawnSync("npm", ["run", "-s", "build"], { cwd: root, encoding: "utf8" });
if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stderr}${built.stdout}`);
const figures: Figure[] = [];
try {
  for (const events of SIZES) figures.push(...(await figuresAt(events)));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`codegen bench: synthetic catalogs of ${SIZES.join(", ")} events, ${ROUNDS} rounds each; load average ${loadBefore} -> ${load()}`);
report(figures);
