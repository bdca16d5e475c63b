/**
 * `npm run bench:docs`: the `eventsmith docs` command as a user runs it — a fresh process
 * (`node bin/eventsmith.js docs catalog --out site`), compile included (load, check, IR,
 * validators, example verdicts), every page written — on a synthetic catalog of 2,000 events
 * (bench/synthetic-catalog.ts), judged against issue 18's fixed targets: ≤ 5 s wall time,
 * ≤ 300 MB peak memory, ≤ 20 MB of output. `eventsmith codegen` runs once first, as in a
 * project (it leaves the validator cache the docs build reads); a build with `--no-cache`
 * (every validator compiled) and a 10,000-event run are printed once, for context.
 * Builds `dist/` first. Ends with one JSON line per figure.
 *
 *   BENCH_EVENTS=2000 BENCH_LARGE=10000 BENCH_ROUNDS=7 npm run bench:docs
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { budget, coldProcess, report, ROUNDS, type ColdRun, type Figure } from "./harness.js";
import { syntheticCatalog, writeCatalog } from "./synthetic-catalog.js";

const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 2000);
const LARGE = Number(process.env["BENCH_LARGE"] ?? 10000);
const TARGET_MS = 5000;
const TARGET_RSS_MB = 300;
const TARGET_OUTPUT_MB = 20;
const root = resolve(import.meta.dirname, "..");
const bin = join(root, "bin/eventsmith.js");

const build = spawnSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) throw new Error("npm run build failed");

const work = mkdtempSync(join(tmpdir(), "eventsmith-bench-docs-"));
try {
  const figures: Figure[] = [];
  const project = setUp(EVENTS);
  const codegen = await coldProcess([bin, "codegen", "catalog", "--out", "generated"], { cwd: project });
  console.log(`docs bench: ${EVENTS} synthetic events, ${ROUNDS} cold runs of \`eventsmith docs\` after one \`eventsmith codegen\` (${ms(codegen.ms)})`);

  const runs: (ColdRun & { outputMb: number; files: number })[] = [];
  for (let round = 0; round < ROUNDS; round++) runs.push(await docs(project, `site-${round}`));
  const noCache = await docs(project, "site-no-cache", ["--no-cache"]);
  console.log(`  one run with --no-cache (every validator compiled): ${ms(noCache.ms)}, ${Math.round(noCache.peakRssMb)} MB peak`);
  console.log(`  output: ${runs[0]!.files} files, ${runs[0]!.outputMb.toFixed(1)} MB`);
  figures.push(
    budget({ bench: "docs", metric: `cold-${EVENTS}`, unit: "ms", values: runs.map((r) => r.ms), target: TARGET_MS, goal: `eventsmith docs on ${EVENTS} events, a cold process with compile, <= ${TARGET_MS} ms` }),
    budget({ bench: "docs", metric: `peak-rss-${EVENTS}`, unit: "MB", values: runs.map((r) => r.peakRssMb), target: TARGET_RSS_MB, goal: `eventsmith docs on ${EVENTS} events peaks at <= ${TARGET_RSS_MB} MB of memory` }),
    budget({ bench: "docs", metric: `output-${EVENTS}`, unit: "MB", values: runs.map((r) => r.outputMb), target: TARGET_OUTPUT_MB, goal: `eventsmith docs on ${EVENTS} events writes <= ${TARGET_OUTPUT_MB} MB` }),
  );

  if (LARGE > 0) {
    const large = setUp(LARGE);
    await coldProcess([bin, "codegen", "catalog", "--out", "generated"], { cwd: large });
    const run = await docs(large, "site");
    console.log(`  ${LARGE} events (one run): ${ms(run.ms)}, ${Math.round(run.peakRssMb)} MB peak, ${run.files} files, ${run.outputMb.toFixed(1)} MB`);
    figures.push(
      budget({ bench: "docs", metric: `cold-${LARGE}`, unit: "ms", values: [run.ms], target: null, goal: `eventsmith docs on ${LARGE} events (printed for scale, no target)` }),
      budget({ bench: "docs", metric: `peak-rss-${LARGE}`, unit: "MB", values: [run.peakRssMb], target: null, goal: `peak memory on ${LARGE} events (printed for scale)` }),
      budget({ bench: "docs", metric: `output-${LARGE}`, unit: "MB", values: [run.outputMb], target: null, goal: `output on ${LARGE} events (printed for scale)` }),
    );
  }
  report(figures);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** A project folder with the catalog under `catalog/`, as `eventsmith init` lays it out. */
function setUp(events: number): string {
  const project = join(work, `project-${events}`);
  writeCatalog(join(project, "catalog"), syntheticCatalog({ events }));
  return project;
}

async function docs(project: string, out: string, extra: string[] = []) {
  const run = await coldProcess([bin, "docs", "catalog", "--out", out, ...extra], { cwd: project });
  const { bytes, files } = size(join(project, out));
  rmSync(join(project, out), { recursive: true, force: true }); // every round writes every page
  return { ...run, outputMb: bytes / 1e6, files };
}

function size(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
