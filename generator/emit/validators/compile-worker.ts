/** Worker thread body: claims jobs from the shared counter, compiles them and posts each result back (see compile-pool). */
import { parentPort } from "node:worker_threads";
import { compileRequest, type WorkerReply, type WorkerTask } from "./compile-pool.js";
import { LiveDefinitions } from "./compile-validator.js";

parentPort!.on("message", ({ requests, shared, counter }: WorkerTask) => {
  const claimed = new Int32Array(counter);
  const definitions = new LiveDefinitions(shared);
  for (let index = Atomics.add(claimed, 0, 1); index < requests.length; index = Atomics.add(claimed, 0, 1)) {
    parentPort!.postMessage(compileRequest(requests[index]!, index, definitions) satisfies WorkerReply);
  }
  parentPort!.postMessage({ done: true } satisfies WorkerReply);
});
