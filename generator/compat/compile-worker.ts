/** Worker thread: compiles one catalog for compat and posts `{ result }` or `{ error }`. */
import { parentPort, workerData } from "node:worker_threads";
import { compileForCompat } from "./compile-for-compat.js";

const { path } = workerData as { path: string };
try {
  parentPort!.postMessage({ result: await compileForCompat(path) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).stack ?? String(error) });
}
