/**
 * Compiles each event's validator once, for the SDK and for the check: the example rule asks
 * whether each example is valid, and the generated validator (the same ajv configuration)
 * answers, so codegen never compiles a schema twice. Fresh compiles answer with their live
 * functions (in the worker that compiled them); a module from the cache is evaluated here.
 * Verdicts are kept by (validator hash, example), so a rebuild checks only what changed.
 */
import type { CompiledAnswers } from "./check/rules/rule.js";
import { ModuleEvaluator } from "./compile/module-evaluator.js";
import type { CompilePool } from "./emit/validators/compile-pool.js";
import { checkSamples, type Sample } from "./emit/validators/compile-validator.js";
import { verdictKey } from "./emit/validators/example-verdicts.js";
import type { ValidatorCache } from "./emit/validators/validator-cache.js";
import { allValidatorJobs } from "./emit/validators/validator-jobs.js";
import type { CatalogIR } from "./ir/types.js";

interface EventSample extends Sample {
  position: number;
  key: string;
}

/**
 * `verdicts` (by `verdictKey`) is read, then replaced by this catalog's verdicts. `meanwhile`
 * runs in this thread while the pool's workers compile (work that needs no validator), if any do.
 */
export async function compileValidators(
  ir: CatalogIR,
  pool: CompilePool,
  cache: ValidatorCache,
  verdicts: Map<string, boolean>,
  meanwhile: () => Promise<void> = async () => {},
): Promise<CompiledAnswers> {
  const { events: jobs, shared } = allValidatorJobs(ir);
  const samples = new Map(ir.events.map((event) => [event.name, [] as EventSample[]]));
  for (const [index, event] of ir.events.entries()) {
    const hash = jobs[index]!.hash;
    event.examples.forEach((example, position) => {
      for (const part of ["payload", "headers"] as const) {
        const value = example[part];
        if (value === undefined || (part === "headers" && !event.headers)) continue;
        samples.get(event.name)!.push({ position, part, value, key: verdictKey(hash, part, value) });
      }
    });
  }
  // verdicts an earlier run kept (the disk cache): an unchanged example needs no validator loaded
  const kept = cache.verdicts;
  if (kept) {
    for (const list of samples.values()) {
      for (const { key } of list) {
        const valid = verdicts.has(key) ? undefined : kept.get(key);
        if (valid !== undefined) verdicts.set(key, valid);
      }
    }
  }
  const unknown = (event: string) => samples.get(event)!.filter((sample) => !verdicts.has(sample.key));
  const requests = jobs.map((job) => ({ job, samples: unknown(job.event) }));
  // the shared definitions the events' code calls, each compiled once
  const compiling = pool.start([...requests, ...shared.map((job) => ({ job, samples: [] }))], shared, cache);
  if (compiling.parallel) await meanwhile();
  const outcomes = await compiling.finish();
  const evaluator = new ModuleEvaluator(shared, (job) => cache.get(job.hash));

  const fresh = new Map<string, boolean>();
  const failed = new Set<string>();
  for (const [index, { job, samples: asked }] of requests.entries()) {
    const outcome = outcomes[index]!;
    if ("error" in outcome) {
      failed.add(job.event); // the rules compile it themselves, and say why it fails
      continue;
    }
    let found = "verdicts" in outcome ? outcome.verdicts : [];
    if ("cached" in outcome && asked.length > 0) {
      const module = evaluator.evaluate(job);
      if (module === undefined) continue; // unreadable after all: the check compiles these examples itself
      found = checkSamples(module, asked);
    }
    asked.forEach((sample, i) => fresh.set(sample.key, found[i]!));
  }
  // keep only this catalog's verdicts: the map does not grow with every edit
  for (const list of samples.values()) {
    for (const { key } of list) {
      const valid = fresh.get(key) ?? verdicts.get(key);
      if (valid !== undefined) fresh.set(key, valid);
    }
  }
  verdicts.clear();
  for (const [key, valid] of fresh) verdicts.set(key, valid);
  kept?.save(verdicts);

  const byPosition = new Map(
    [...samples].map(([event, list]) => [event, new Map(list.map((sample) => [`${sample.position}/${sample.part}`, sample.key]))]),
  );
  return {
    compiles: (event) => !failed.has(event),
    exampleValid: (event, position, part) => {
      if (failed.has(event)) return undefined;
      const key = byPosition.get(event)?.get(`${position}/${part}`);
      return key === undefined ? undefined : verdicts.get(key);
    },
  };
}
