/**
 * load -> IR for compat, without the check stage: the comparison needs a sound IR, not a clean
 * bill of health (that is `validate`'s job in the same CI run), and the check costs most of the
 * time on large catalogs. Errors that make the IR unreliable (YAML, `$ref`, IR building) still
 * stop it. Two catalogs are compiled at once: the base in a worker thread when one can start.
 */
import { statSync } from "node:fs";
import { hasErrors, sortDiagnostics } from "../diagnostics.js";
import { buildIR } from "../ir/build-ir.js";
import { loadCatalog } from "../load/load-catalog.js";
import { catalogFiles } from "./catalog-files.js";
import type { Compiled } from "./compiled.js";
import type { IrCache } from "./ir-cache.js";
import { prepareSources, type ParseOptions } from "./parse-cache.js";
import { outcome, startWorker } from "./worker-thread.js";

/** Files the cache holds are not parsed again, the others on two threads when `parallel` (parse-cache.ts). */
export async function compileForCompat(path: string, options: ParseOptions = { parallel: false }): Promise<Compiled> {
  const files = await prepareSources(path, options);
  const catalog = await loadCatalog(path, { parsed: files.parsed, readFile: files.readFile });
  files.store();
  const built = buildIR(catalog);
  const diagnostics = sortDiagnostics([...catalog.diagnostics, ...built.diagnostics]);
  return { ...(hasErrors(diagnostics) ? {} : { ir: built.ir }), diagnostics, root: catalog.root };
}

/** Below this much YAML, a worker's start-up costs more than the parallel parse saves. */
const WORKER_THRESHOLD = 512 * 1024;

function catalogBytes(path: string): number {
  return catalogFiles(path).reduce((sum, file) => sum + statSync(file).size, 0);
}

/** Compiles both catalogs, in parallel when a worker can run (YAML parsing dominates large catalogs). */
export async function compileBoth(current: string, base: string | undefined, cache?: IrCache): Promise<[Compiled, Compiled | undefined]> {
  const alone = { ...(cache ? { cache } : {}), parallel: true };
  if (base === undefined) return [await compileForCompat(current, alone), undefined];
  const worker = catalogBytes(base) >= WORKER_THRESHOLD ? startWorker("compile-worker", { path: base, cache }) : undefined;
  if (!worker) return [await compileForCompat(current, alone), await compileForCompat(base, alone)];
  // the two threads are taken: each catalog is parsed on its own
  return Promise.all([compileForCompat(current, { ...alone, parallel: false }), outcome<Compiled>(worker)]);
}
