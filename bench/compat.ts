/**
 * `npm run bench:compat`: a 2000-event synthetic catalog against a copy with 50 breaking
 * changes. Builds `dist/` first and times `node bin/eventsmith.js compat` (what users run) as a
 * cold process beside the named baseline,
 * @asyncapi/diff (parsed with @asyncapi/parser, as its README says) on the same pair, and says
 * how many of the 50 changes each one reports. Ends with one JSON line per figure.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareCatalogs } from "../generator/compat/compare-catalogs.js";
import { buildIR } from "../generator/ir/build-ir.js";
import { loadCatalog } from "../generator/load/load-catalog.js";
import { applyChanges } from "./compat-changes.js";
import { syntheticCatalog, writeCatalog } from "./synthetic-catalog.js";

const EVENTS = 2000;
const CHANGES = 50;
const RUNS = 3;
const TARGET_MS = 1000;
const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");

const work = mkdtempSync(join(tmpdir(), "eventsmith-bench-compat-"));
const [before, after] = [join(work, "before"), join(work, "after")];
const original = syntheticCatalog({ events: EVENTS });
const { files, changes } = applyChanges(original, CHANGES);
writeCatalog(before, original);
writeCatalog(after, files);

/** Wall time of a cold process, with its stdout (exit 1 is compat's "breaking changes found"). */
function cold(args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return { ms, stdout: run.stdout };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// eventsmith compat, cold, a few runs (the machine is shared: the median is the figure)
spawnSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
const ours = Array.from({ length: RUNS }, () => cold([join(root, "bin/eventsmith.js"), "compat", after, "--base", before, "--format", "json"]));
const findings = (JSON.parse(ours[0]!.stdout) as { findings: Array<{ event: string; rule: string }> }).findings;
const changed = new Set(changes.map((c) => c.event));
const reported = changes.filter((c) => findings.some((f) => f.event === c.event));
const strays = [...new Set(findings.filter((f) => !changed.has(f.event)).map((f) => f.event))];

// the comparison alone, in process (both catalogs already loaded)
const [oldIr, newIr] = [buildIR(await loadCatalog(before)).ir, buildIR(await loadCatalog(after)).ir];
const compareMs = median(
  Array.from({ length: 5 }, () => {
    const started = performance.now();
    compareCatalogs(oldIr, newIr);
    return performance.now() - started;
  }),
);

// the baseline, cold, once (it takes long)
const baseline = cold(["--import", "tsx", join(here, "compat-baseline.ts"), before, after]);
const base = JSON.parse(baseline.stdout) as { changes: Array<{ path: string; type: string }>; diffMs: number };
const eventOf = (path: string) => {
  const [file, pointer] = path.split("#") as [string, string];
  const index = /\/(?:e|send|receive|E)(\d+)(?:Payload)?(?:\/|$)/.exec(pointer)?.[1];
  return index === undefined ? undefined : `${file}:${index}`;
};
const baseIndex = (i: number) => `domain-${String(Math.floor(i / 50)).padStart(2, "0")}.yaml:${i}`;
const typesFor = (index: number) => new Set(base.changes.filter((c) => eventOf(c.path) === baseIndex(index)).map((c) => c.type));
const baseBreaking = changes.filter((c) => typesFor(c.index).has("breaking"));
const baseSeen = changes.filter((c) => typesFor(c.index).size > 0);

rmSync(work, { recursive: true, force: true });

const oursMs = median(ours.map((r) => r.ms));
const round = (n: number) => Math.round(n);
console.log(`compat: ${EVENTS}-event catalog vs a copy with ${CHANGES} breaking changes (${RUNS} cold runs, median)`);
console.log(`  eventsmith compat   cold ${round(oursMs)} ms (runs: ${ours.map((r) => round(r.ms)).join(", ")}), comparison alone ${round(compareMs)} ms`);
console.log(`                      reported ${reported.length}/${CHANGES} changes as breaking, ${findings.length} findings, ${strays.length} unchanged events flagged`);
console.log(`  @asyncapi/diff      cold ${round(baseline.ms)} ms, diff alone ${round(base.diffMs)} ms`);
console.log(`                      flagged ${baseBreaking.length}/${CHANGES} as breaking, touched ${baseSeen.length}/${CHANGES} at all (${base.changes.length} changes listed)`);
for (const change of changes.filter((c) => !reported.includes(c))) console.log(`  MISSED by eventsmith: ${change.event} (${change.kind})`);
console.log(`  target: cold run within ${TARGET_MS} ms and all ${CHANGES} changes reported`);

const figure = (metric: string, value: number, unit: string, baselineValue: number, ratio: number | null, target: number | null) =>
  console.log(JSON.stringify({ bench: "compat", metric, value: round(value), unit, baseline: "@asyncapi/diff", baselineValue: round(baselineValue), ratio: ratio === null ? null : Number(ratio.toFixed(2)), target }));
figure("cold-2000", oursMs, "ms", baseline.ms, baseline.ms / oursMs, Number((baseline.ms / TARGET_MS).toFixed(2)));
figure("compare-2000", compareMs, "ms", base.diffMs, base.diffMs / compareMs, null);
figure("breaking-changes-reported", reported.length, "changes", baseBreaking.length, baseBreaking.length ? reported.length / baseBreaking.length : null, null);
