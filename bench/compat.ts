/**
 * `npm run bench:compat`: a 2000-event synthetic catalog (bench/synthetic-catalog.ts) committed
 * to a git repository, and a working tree with 50 breaking changes (bench/compat-changes.ts).
 * Builds `dist/` first and times `node bin/eventsmith.js compat catalog --base HEAD` as a user
 * runs it (a cold process, `coldProcess`), in three cache states:
 *   - base cached: the cache holds the base (keyed by its git tree hash, as after any earlier
 *     run against origin/main) and not the new catalog: what a pull request's CI run meets.
 *     This is the figure of issue 17's goal, "compat cold 2000 events <= 1000 ms".
 *   - no cache (`--no-cache`): both catalogs compiled.
 *   - both cached: a repeated run with nothing changed.
 *   - one file edited: the next push of the same pull request, one file of the new catalog
 *     edited; the parsed files of the last run are cached (parse-cache.ts), so 40 of 41 are not
 *     parsed again, but the new catalog is compiled.
 * The named baseline, @asyncapi/diff (each document parsed by @asyncapi/parser, as its README
 * says; bench/compat-baseline.ts), runs as its own cold process on the same pair. It takes about
 * a minute per run, so it runs in the first BENCH_BASELINE_ROUNDS rounds only (default 1),
 * alternating who goes first with the no-cache run; the output says how many runs each side had.
 * "Breaking changes found" counts, on both sides alike, the applied changes whose event has at
 * least one finding flagged breaking.
 *
 *   BENCH_ROUNDS=7 BENCH_BASELINE_ROUNDS=1 npm run bench:compat
 */
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { treeKey } from "../generator/compat/ir-cache.js";
import { applyChanges, type AppliedChange } from "./compat-changes.js";
import { budget, coldProcess, compare, median, report, ROUNDS, rounded, type ColdRun, type Figure } from "./harness.js";
import { syntheticCatalog, writeCatalog } from "./synthetic-catalog.js";

const EVENTS = 2000;
const CHANGES = 50;
const TARGET_MS = 1000;
const BASELINE_ROUNDS = Number(process.env["BENCH_BASELINE_ROUNDS"] ?? 1);
const GOAL = `compat cold ${EVENTS} events <= ${TARGET_MS} ms`;
const root = join(import.meta.dirname, "..");

const work = mkdtempSync(join(tmpdir(), "eventsmith-bench-compat-"));
const repo = join(work, "repo");
const before = join(work, "before");
const after = join(work, "after");
const cacheDir = join(repo, "node_modules", ".cache", "eventsmith", "compat");
const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com", GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();

// the pair: `before` committed, `after` in the working tree (and both as plain directories for the baseline)
const original = syntheticCatalog({ events: EVENTS });
const { files, changes } = applyChanges(original, CHANGES);
writeCatalog(before, original);
writeCatalog(after, files);
mkdirSync(repo);
git("init", "-q", "-b", "main");
cpSync(before, join(repo, "catalog"), { recursive: true });
git("add", ".");
git("commit", "-q", "-m", "catalog");
rmSync(join(repo, "catalog"), { recursive: true });
cpSync(after, join(repo, "catalog"), { recursive: true });

console.log(`compat: ${EVENTS}-event catalog vs a working tree with ${CHANGES} breaking changes; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
spawnSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });

const cli = join(root, "bin", "eventsmith.js");
const ours = (...extra: string[]) => coldProcess([cli, "compat", "catalog", "--base", "HEAD", "--format", "json", ...extra], { cwd: repo, okStatus: [0, 1] });
const baseline = () => coldProcess(["--import", "tsx", join(import.meta.dirname, "compat-baseline.ts"), before, after], { cwd: root });

// the base's cache entry alone, as an earlier run against the same base leaves it
await ours();
const baseEntry = `${treeKey(git("rev-parse", "HEAD:catalog"))}.json`;
const snapshot = join(work, baseEntry);
copyFileSync(join(cacheDir, baseEntry), snapshot);
const withBaseCached = () => {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync(snapshot, join(cacheDir, baseEntry));
  return ours();
};

// after a full run: one file of the new catalog edited (a comment), then put back
const edited = join(repo, "catalog", "domain-00.yaml");
const withOneFileEdited = async () => {
  const text = readFileSync(edited, "utf8");
  appendFileSync(edited, `# edit ${Math.random()}\n`);
  try {
    return await ours();
  } finally {
    writeFileSync(edited, text);
  }
};

const runs = { baseCached: [] as ColdRun[], noCache: [] as ColdRun[], bothCached: [] as ColdRun[], oneFileEdited: [] as ColdRun[], baseline: [] as ColdRun[] };
for (let round = 0; round < ROUNDS; round++) {
  const withBaseline = round < BASELINE_ROUNDS;
  if (withBaseline && round % 2 === 1) runs.baseline.push(await baseline());
  runs.noCache.push(await ours("--no-cache"));
  if (withBaseline && round % 2 === 0) runs.baseline.push(await baseline());
  runs.baseCached.push(await withBaseCached());
  runs.bothCached.push(await ours());
  runs.oneFileEdited.push(await withOneFileEdited());
}

// breaking changes found, counted alike: an applied change is found when its event has a finding flagged breaking
const oursFound = (run: ColdRun) => {
  const findings = (JSON.parse(run.stdout) as { findings: Array<{ event: string; severity: string }> }).findings;
  return changes.filter((c) => findings.some((f) => f.event === c.event && f.severity === "error"));
};
const baselineFound = (run: ColdRun) => {
  const listed = (JSON.parse(run.stdout) as { changes: Array<{ path: string; type: string }> }).changes;
  const eventOf = (path: string) => {
    const [file, pointer] = path.split("#") as [string, string];
    const index = /\/(?:e|send|receive|E)(\d+)(?:Payload)?(?:\/|$)/.exec(pointer)?.[1];
    return index === undefined ? undefined : `${file}:${index}`;
  };
  const home = (c: AppliedChange) => `domain-${String(Math.floor(c.index / 50)).padStart(2, "0")}.yaml:${c.index}`;
  return changes.filter((c) => listed.some((l) => l.type === "breaking" && eventOf(l.path) === home(c)));
};
const found = oursFound(runs.noCache[0]!);
const cachedFound = oursFound(runs.baseCached[0]!);
const editedFound = oursFound(runs.oneFileEdited[0]!);
const baseFound = baselineFound(runs.baseline[0]!);
rmSync(work, { recursive: true, force: true });

const ms = (list: ColdRun[]) => list.map((r) => r.ms);
const line = (name: string, list: ColdRun[]) =>
  console.log(`  ${name.padEnd(34)} median ${rounded(median(ms(list)), 0)} ms over ${list.length} run${list.length === 1 ? "" : "s"} (${ms(list).map((v) => rounded(v, 0)).join(", ")}), peak RSS ${rounded(median(list.map((r) => r.peakRssMb)), 0)} MB`);
line("eventsmith, base cached (CI)", runs.baseCached);
line("eventsmith, no cache", runs.noCache);
line("eventsmith, both cached (rerun)", runs.bothCached);
line("eventsmith, one file edited", runs.oneFileEdited);
line("@asyncapi/diff (parser + diff)", runs.baseline);
console.log(`  breaking changes found: eventsmith ${found.length}/${CHANGES} (base cached: ${cachedFound.length}/${CHANGES}, one file edited: ${editedFound.length}/${CHANGES}), @asyncapi/diff ${baseFound.length}/${CHANGES}`);
for (const change of changes.filter((c) => !found.includes(c))) console.log(`  MISSED by eventsmith: ${change.event} (${change.kind})`);
console.log(`  the baseline ran ${runs.baseline.length} time${runs.baseline.length === 1 ? "" : "s"}, eventsmith ${ROUNDS} times per cache state; load average now ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);

const paired = runs.baseline.length;
const figures: Figure[] = [
  budget({ bench: "compat", metric: "cold-2000-base-cached", unit: "ms", values: ms(runs.baseCached), target: TARGET_MS, goal: GOAL }),
  budget({ bench: "compat", metric: "cold-2000-no-cache", unit: "ms", values: ms(runs.noCache), target: TARGET_MS, goal: GOAL }),
  budget({ bench: "compat", metric: "cold-2000-both-cached", unit: "ms", values: ms(runs.bothCached), target: TARGET_MS, goal: GOAL }),
  budget({ bench: "compat", metric: "cold-2000-one-file-edited", unit: "ms", values: ms(runs.oneFileEdited), target: TARGET_MS, goal: GOAL }),
  compare({
    bench: "compat",
    metric: "cold-2000-vs-asyncapi-diff",
    unit: "ms",
    baseline: "@asyncapi/diff",
    samples: { ours: ms(runs.noCache).slice(0, paired), baseline: ms(runs.baseline) },
    better: "lower",
    target: null,
    goal: `no-cache cold run vs @asyncapi/diff on the same pair (${paired} paired run${paired === 1 ? "" : "s"})`,
  }),
  budget({ bench: "compat", metric: "peak-rss-2000-no-cache", unit: "MB", values: runs.noCache.map((r) => r.peakRssMb), target: null, goal: "peak memory of the no-cache cold run" }),
  {
    bench: "compat",
    metric: "breaking-changes-found",
    value: found.length,
    unit: "changes",
    baseline: "@asyncapi/diff",
    baselineValue: baseFound.length,
    ratio: baseFound.length ? rounded(found.length / baseFound.length, 3) : null,
    spread: [found.length, found.length],
    target: CHANGES,
    goal: `all ${CHANGES} applied breaking changes found (an event with a finding flagged breaking), counted the same way on both sides`,
    met: found.length === CHANGES,
  },
];
report(figures);
