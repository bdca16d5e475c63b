/** Worker thread: compiles one catalog for compat (compileBoth runs the base here). */
import { parentPort, workerData } from "node:worker_threads";
import { compileForCompat } from "./compile-for-compat.js";
import type { IrCache } from "./ir-cache.js";
import { answer } from "./worker-thread.js";

const { path, cache } = workerData as { path: string; cache?: IrCache };
await answer(parentPort!, () => compileForCompat(path, { ...(cache ? { cache } : {}), parallel: false }));
