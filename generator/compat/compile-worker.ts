/**
 * Worker thread: compiles one catalog for compat and posts `{ json }` (the result as JSON:
 * the IR is plain data, and stringify + parse costs about half of a structured clone) or `{ error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileForCompat } from "./compile-for-compat.js";
import type { IrCache } from "./ir-cache.js";

const { path, cache } = workerData as { path: string; cache?: IrCache };
try {
  parentPort!.postMessage({ json: JSON.stringify(await compileForCompat(path, cache)) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).stack ?? String(error) });
}
