/**
 * `npm run bench:docs`: the docs of 2000 synthetic events (bench/synthetic-catalog.ts) —
 * Markdown pages and the static site — built from the compiled catalog with the validator
 * cache `codegen` leaves behind, timed and weighed against issue 7's budget (5 s, 50 MB), and
 * against a baseline measured in the same run: writing the same IR to disk as JSON, the least
 * any tool publishing this catalog must do. Compile time and a cold build (validators compiled
 * too) are printed for context. Ends with one JSON line per figure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeOutput } from "../generator/cli/write-output.js";
import { readSiteTemplates } from "../generator/cli/docs-command.js";
import { buildDocsModel } from "../generator/emit/docs/docs-model.js";
import { renderMarkdownDocs } from "../generator/emit/docs/emit-markdown-docs.js";
import { emitDocsSite } from "../generator/emit/docs/site/emit-docs-site.js";
import { assignNames } from "../generator/emit/naming.js";
import { precompileValidators } from "../generator/emit/validators/compile-pool.js";
import { memoryValidatorCache, type ValidatorCache } from "../generator/emit/validators/validator-cache.js";
import { validatorJobs } from "../generator/emit/validators/validator-jobs.js";
import type { CatalogIR } from "../generator/ir/types.js";
import { compileCatalog } from "../generator/pipeline.js";
import { syntheticCatalog, writeCatalog } from "./synthetic-catalog.js";

const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 2000);
const ROUNDS = 3;
const BUDGET_MS = 5000;
const BUDGET_MB = 50;
const BASELINE = "IR written to disk as JSON";
/** Docs cost at most 20x the bare JSON dump of the same catalog. */
const TARGET_VS_JSON = 0.05;

const work = mkdtempSync(join(tmpdir(), "eventsmith-bench-docs-"));
try {
  const catalogDir = join(work, "catalog");
  writeCatalog(catalogDir, syntheticCatalog({ events: EVENTS }));
  let started = performance.now();
  const compiled = await compileCatalog(catalogDir);
  const compileMs = performance.now() - started;
  if (!compiled.ir) throw new Error(`the synthetic catalog has errors: ${JSON.stringify(compiled.diagnostics.slice(0, 3))}`);
  const ir = compiled.ir;

  // a cold build compiles the validators the examples are checked with; codegen leaves them in the cache
  const cache = memoryValidatorCache();
  started = performance.now();
  await precompileValidators(validatorJobs(ir), cache);
  const validatorsMs = performance.now() - started;
  const cold = validatorsMs + (await build(ir, cache, join(work, "cold"))).ms;

  const builds = [];
  const dumps = [];
  for (let round = 0; round < ROUNDS; round++) {
    builds.push(await build(ir, cache, join(work, `docs-${round}`)));
    dumps.push(await jsonDump(ir, join(work, `catalog-${round}.json`)));
  }
  const best = builds.reduce((a, b) => (b.ms < a.ms ? b : a));
  const dumpMs = Math.min(...dumps);
  const mb = best.bytes / 1e6;

  console.log(`docs bench: ${EVENTS} synthetic events (${ROUNDS} rounds, best)`);
  console.log(`  compile (load, check, IR) ${ms(compileMs)}; validators compiled once, as codegen does: ${ms(validatorsMs)}`);
  console.log(`  docs build (Markdown + site, written): ${ms(best.ms)} — model ${ms(best.modelMs)}, Markdown ${ms(best.markdownMs)}, site ${ms(best.siteMs)}, write ${ms(best.writeMs)}`);
  console.log(`  output: ${best.files} files, ${mb.toFixed(1)} MB (Markdown ${(best.markdownBytes / 1e6).toFixed(1)} MB, site ${((best.bytes - best.markdownBytes) / 1e6).toFixed(1)} MB)`);
  console.log(`  budget (issue 7): ${BUDGET_MS} ms and ${BUDGET_MB} MB: ${best.ms <= BUDGET_MS && mb <= BUDGET_MB ? "met" : "NOT met"}; cold build with validator compilation ${ms(cold)}`);
  console.log(`  baseline (${BASELINE}): ${ms(dumpMs)}`);
  const line = (metric: string, value: number, unit: string, baseline: string, baselineValue: number, ratio: number, target: number) =>
    console.log(JSON.stringify({ bench: "docs", metric, value: round(value), unit, baseline, baselineValue: round(baselineValue), ratio: round(ratio, 3), target }));
  line(`build-${EVENTS}`, best.ms, "ms", "issue 7 budget", BUDGET_MS, BUDGET_MS / best.ms, 1);
  line(`size-${EVENTS}`, mb, "MB", "issue 7 budget", BUDGET_MB, BUDGET_MB / mb, 1);
  line(`build-${EVENTS}-vs-json`, best.ms, "ms", BASELINE, dumpMs, dumpMs / best.ms, TARGET_VS_JSON);
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function build(ir: CatalogIR, cache: ValidatorCache, out: string) {
  const t0 = performance.now();
  const model = buildDocsModel(ir, assignNames(ir), { cache });
  const t1 = performance.now();
  const markdown = renderMarkdownDocs(model);
  const t2 = performance.now();
  const site = emitDocsSite(model, { templates: readSiteTemplates() }).map((f) => ({ ...f, path: `site/${f.path}` }));
  const t3 = performance.now();
  const files = [...markdown, ...site];
  await writeOutput(out, files);
  const t4 = performance.now();
  const size = (list: { contents: string }[]) => list.reduce((sum, f) => sum + Buffer.byteLength(f.contents), 0);
  return { ms: t4 - t0, modelMs: t1 - t0, markdownMs: t2 - t1, siteMs: t3 - t2, writeMs: t4 - t3, files: files.length, bytes: size(files), markdownBytes: size(markdown) };
}

async function jsonDump(ir: CatalogIR, path: string): Promise<number> {
  const t0 = performance.now();
  await writeFile(path, JSON.stringify(ir, null, 2));
  return performance.now() - t0;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
