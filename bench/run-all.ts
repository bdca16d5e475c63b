/**
 * `npm run bench`: runs every `bench:*` script of package.json in turn (found there, so a new
 * bench joins by being added), collects the JSON line of each figure they print into one report,
 * bench/report.json, with the machine it ran on, and regenerates the README's performance table
 * from it (bench/performance-table.ts). A bench that fails is recorded as failed and the others
 * still run; the runner then exits 1.
 *
 *   npm run bench                            every bench, then the table
 *   npm run bench -- compat docs             only bench:compat and bench:docs (the report keeps the others' last runs)
 *   npx tsx bench/run-all.ts --table-only    the table again from the committed report
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { figureLines, renderTable, writeTable, type BenchReport, type BenchRun } from "./performance-table.js";

const root = join(import.meta.dirname, "..");
const REPORT = join(root, "bench/report.json");
const README = join(root, "README.md");

/** Runs `npm run -s <script>`, passing its output through while keeping stdout and the end of stderr. */
function runScript(script: string): Promise<BenchRun> {
  const started = performance.now();
  const child = spawn("npm", ["run", "-s", script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    process.stdout.write(chunk);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    process.stderr.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const figures = figureLines(stdout);
      if (status === 0) resolve({ script, status: "ok", seconds, figures });
      else resolve({ script, status: "failed", seconds, figures, error: `exit ${status}: ${stderr.trim().split("\n").slice(-15).join("\n")}` });
    });
  });
}

/** Every `bench:*` script, in package.json order; `only` narrows them by name (`compat` or `bench:compat`). */
function benchScripts(only: readonly string[]): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const all = Object.keys(scripts).filter((name) => name.startsWith("bench:"));
  if (only.length === 0) return all;
  const wanted = only.map((name) => (name.startsWith("bench:") ? name : `bench:${name}`));
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new Error(`no such bench script: ${unknown.join(", ")} (there are ${all.join(", ")})`);
  return all.filter((name) => wanted.includes(name));
}

const load = () => Math.round(loadavg()[0]! * 100) / 100;

async function main(args: string[]): Promise<number> {
  if (args.includes("--table-only")) {
    writeTable(README, renderTable(JSON.parse(readFileSync(REPORT, "utf8")) as BenchReport));
    return 0;
  }
  const scripts = benchScripts(args);
  const loadAtStart = load();
  const runs: BenchRun[] = [];
  for (const script of scripts) {
    console.log(`\n== npm run ${script}`);
    runs.push(await runScript(script));
  }
  // A partial run keeps the last report's runs of the benches it did not run.
  const previous = args.length > 0 && existsSync(REPORT) ? (JSON.parse(readFileSync(REPORT, "utf8")) as BenchReport).runs : [];
  const kept = previous.filter((run) => !scripts.includes(run.script));
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: { start: loadAtStart, end: load() },
    },
    environment: Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("BENCH_")).sort()) as Record<string, string>,
    runs: [...kept, ...runs],
  };
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  writeTable(README, renderTable(report));
  const failed = runs.filter((run) => run.status === "failed").map((run) => run.script);
  console.log(`\nbench report: ${REPORT} (${runs.reduce((n, run) => n + run.figures.length, 0)} figures); README performance table regenerated`);
  if (failed.length > 0) console.log(`failed: ${failed.join(", ")}`);
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
