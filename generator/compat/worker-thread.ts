/**
 * Compat's worker threads (compile-worker.ts, parse-worker.ts): started from the compiled module
 * next to this one (dist), or from TypeScript sources only under tsx, whose hooks a worker does
 * not inherit (it registers them before importing the .ts entry). A worker posts one message,
 * `{ json }` (its result as JSON: plain data, and stringify + parse costs about half of a
 * structured clone) or `{ error }`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** The worker `name` (a module of this directory, without extension), or undefined when none can start. */
export function startWorker(name: string, workerData: unknown): Worker | undefined {
  const js = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const ts = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(fileURLToPath(ts)) || !process.execArgv.join(" ").includes("tsx")) return undefined;
  const api = import.meta.resolve("tsx/esm/api");
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}

/** The worker's one result; it is ended once it answered. */
export function outcome<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once("message", (message: { json?: string; error?: string }) => {
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(JSON.parse(message.json!) as T);
    });
    worker.once("error", reject);
  });
}

/** Inside a worker: posts what `work` gives, or why it failed. */
export async function answer(port: { postMessage(message: unknown): void }, work: () => Promise<unknown> | unknown): Promise<void> {
  try {
    port.postMessage({ json: JSON.stringify(await work()) });
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) });
  }
}
