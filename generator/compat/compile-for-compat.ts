/**
 * load -> IR for compat, without the check stage: the comparison needs a sound IR, not a clean
 * bill of health (that is `validate`'s job in the same CI run), and the check costs most of the
 * time on large catalogs. Errors that make the IR unreliable (YAML, `$ref`, IR building) still
 * stop it. Two catalogs are compiled at once: the base in a worker thread when one can start.
 */
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { buildIR } from "../ir/build-ir.js";
import type { CatalogIR } from "../ir/types.js";
import { loadCatalog } from "../load/load-catalog.js";
import { catalogFiles } from "./catalog-files.js";
import type { IrCache } from "./ir-cache.js";
import { cachedParse } from "./parse-cache.js";

export interface Compiled {
  /** Present when load and IR building found no error. */
  ir?: CatalogIR;
  diagnostics: Diagnostic[];
  /** Absolute catalog root (locations are relative to it). */
  root: string;
}

/** With `cache`, files whose text it holds are not parsed again (parse-cache.ts), and the others are stored. */
export async function compileForCompat(path: string, cache?: IrCache): Promise<Compiled> {
  const files = cache && cachedParse(cache, path);
  const catalog = await loadCatalog(path, files ? { parsed: files.parsed, readFile: files.readFile } : {});
  files?.store();
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
  if (base === undefined) return [await compileForCompat(current, cache), undefined];
  const worker = catalogBytes(base) >= WORKER_THRESHOLD ? startWorker(base, cache) : undefined;
  if (!worker) return [await compileForCompat(current, cache), await compileForCompat(base, cache)];
  return Promise.all([compileForCompat(current, cache), outcome(worker)]);
}

function outcome(worker: Worker): Promise<Compiled> {
  return new Promise((resolve, reject) => {
    worker.once("message", (message: { json?: string; error?: string }) => {
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(JSON.parse(message.json!) as Compiled);
    });
    worker.once("error", reject);
  });
}

/**
 * The compiled worker next to this module (dist). From TypeScript sources, only under tsx, whose
 * hooks a worker does not inherit: the worker registers them before importing the .ts entry.
 */
function startWorker(path: string, cache: IrCache | undefined): Worker | undefined {
  const workerData = { path, cache };
  const js = new URL("./compile-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const ts = new URL("./compile-worker.ts", import.meta.url);
  if (!existsSync(fileURLToPath(ts)) || !process.execArgv.join(" ").includes("tsx")) return undefined;
  const api = import.meta.resolve("tsx/esm/api");
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}
