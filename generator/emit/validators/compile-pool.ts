/**
 * Compiles every validator the cache does not already hold, and checks sample values (the
 * catalog's examples) with each one just compiled, so the check stage never compiles those
 * schemas a second time. ajv's code generation is the bulk of a cold `codegen`, so large
 * batches are spread over worker threads; small ones (the usual edit) compile in this thread,
 * where starting a worker would cost more.
 *
 * Workers claim jobs from a shared counter (no round trip per job: a busy main thread never
 * starves them), and the calling thread claims jobs too while it waits. A pool can be started
 * before its jobs are known, so that the workers load ajv while the catalog is being read.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { compileAndCheck, LiveDefinitions, type CompiledModule, type Sample } from "./compile-validator.js";
import type { ValidatorCache } from "./validator-cache.js";
import type { SharedJob, ValidatorJob } from "./validator-jobs.js";

/** Below this many misses, compiling in-thread beats starting workers. */
const PARALLEL_THRESHOLD = 40;
/** At most this many workers: each loads ajv and warms up its compiler before it pays off. */
const MAX_WORKERS = 3;

export interface CompileRequest {
  job: ValidatorJob;
  /** Values to check with the job's validators once compiled. */
  samples: readonly Sample[];
}

export type CompileOutcome =
  /** Taken from the cache: nothing was compiled, so there are no verdicts. */
  | { cached: true }
  /** Compiled now (and added to the cache); a verdict per sample. */
  | { verdicts: boolean[] }
  /** The schemas did not compile. */
  | { error: string };

/** What a worker posts back: one per job it claimed, then `done`. */
export type WorkerReply = { index: number; module: CompiledModule; verdicts: boolean[] } | { index: number; error: string } | { done: true };

/** What a worker is sent: every request, the catalog's shared definitions (which its code calls), and the counter from which it claims the next index. */
export interface WorkerTask {
  requests: readonly CompileRequest[];
  shared: readonly SharedJob[];
  counter: SharedArrayBuffer;
}

export class CompilePool {
  private readonly workers: Worker[] = [];
  private readonly workerFile = fileURLToPath(new URL("./compile-worker.js", import.meta.url));

  /** Starts `workers` threads now (capped by the machine's cores). */
  constructor(workers = 0) {
    while (this.workers.length < Math.min(workers, maxWorkers()) && this.spawn());
  }

  /** Compiles the requests whose job the cache misses; an outcome per request, in order. */
  compile(requests: readonly CompileRequest[], shared: readonly SharedJob[], cache: ValidatorCache): Promise<CompileOutcome[]> {
    return this.start(requests, shared, cache).finish();
  }

  /**
   * Hands the misses to the workers at once; `finish` has this thread compile what is left and
   * waits for the rest. In between, this thread is free for other work (the workers compile).
   */
  start(requests: readonly CompileRequest[], shared: readonly SharedJob[], cache: ValidatorCache): { parallel: boolean; finish(): Promise<CompileOutcome[]> } {
    const outcomes: CompileOutcome[] = requests.map((request) => ((cache.has ? cache.has(request.job.hash) : cache.get(request.job.hash) !== undefined) ? { cached: true } : { verdicts: [] }));
    const misses = requests.map((_, index) => index).filter((index) => !("cached" in outcomes[index]!));
    const wanted = misses.length < PARALLEL_THRESHOLD ? 0 : Math.min(maxWorkers(), Math.ceil(misses.length / PARALLEL_THRESHOLD));
    while (this.workers.length > wanted) void this.workers.pop()!.terminate();
    while (this.workers.length < wanted && this.spawn());
    const task: WorkerTask = { requests: misses.map((index) => requests[index]!), shared, counter: new SharedArrayBuffer(4) };
    const definitions = new LiveDefinitions(shared);
    const claimed = new Int32Array(task.counter);
    const record = (reply: Exclude<WorkerReply, { done: true }>) => {
      const index = misses[reply.index]!;
      if ("error" in reply) return void (outcomes[index] = { error: reply.error });
      cache.set(requests[index]!.job.hash, reply.module);
      outcomes[index] = { verdicts: reply.verdicts };
    };
    const running = this.workers.map((worker) => run(worker, task, record));
    running.forEach((promise) => promise.catch(() => undefined)); // rejections are reported by finish
    return {
      /** Whether workers compile (else `finish` compiles everything in this thread). */
      parallel: running.length > 0,
      async finish() {
        // this thread claims jobs too: with the workers, every core compiles
        for (let index = Atomics.add(claimed, 0, 1); index < task.requests.length; index = Atomics.add(claimed, 0, 1)) {
          record(compileRequest(task.requests[index]!, index, definitions));
          if (running.length > 0) await new Promise((resolve) => setImmediate(resolve)); // take in the workers' replies
        }
        await Promise.all(running);
        return outcomes;
      },
    };
  }

  /** Stops the workers (a pool is reusable: `compile` starts them again when needed). */
  close(): void {
    for (const worker of this.workers.splice(0)) void worker.terminate();
  }

  /** False where there is no compiled worker (from TypeScript sources, as under tsx or vitest): everything stays in-thread. */
  private spawn(): boolean {
    if (!existsSync(this.workerFile)) return false;
    const worker = new Worker(this.workerFile);
    worker.unref(); // an idle pool never keeps the process alive
    this.workers.push(worker);
    return true;
  }
}

/** One job, compiled in whichever thread claimed it. */
export function compileRequest(request: CompileRequest, index: number, definitions: LiveDefinitions): Exclude<WorkerReply, { done: true }> {
  try {
    return { index, ...compileAndCheck(request.job, request.samples, definitions) };
  } catch (error) {
    return { index, error: (error as Error).message };
  }
}

/** One worker's share of a task: resolves once it has claimed and compiled its last job. */
function run(worker: Worker, task: WorkerTask, record: (reply: Exclude<WorkerReply, { done: true }>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      if (!("done" in reply)) return record(reply);
      worker.off("message", onMessage).off("error", reject).unref();
      resolve();
    };
    worker.on("message", onMessage).on("error", reject).ref(); // busy: the process waits for it
    worker.postMessage(task);
  });
}

/** Worker threads beside this one: one per other core. */
function maxWorkers(): number {
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism() - 1));
}
