/**
 * Checks docs examples with the generated validators themselves: the ajv standalone module
 * the SDK ships for each event (compiled by `compileValidator` with `createAjv`, taken from
 * the validator cache when `codegen` already compiled it), evaluated here. So an example the
 * docs call valid is one `bus.publish` accepts, and a docs build after `codegen` compiles
 * nothing. The module text is this repository's own compiler output, never catalog code.
 */
import { ModuleEvaluator, type EvaluatedModule, type EvaluatedValidator } from "../../compile/module-evaluator.js";
import type { CatalogIR, EventIR } from "../../ir/types.js";
import { compileValidator, LiveDefinitions } from "../validators/compile-validator.js";
import { verdictKey, type ExampleVerdicts } from "../validators/example-verdicts.js";
import { memoryValidatorCache, type ValidatorCache } from "../validators/validator-cache.js";
import { allValidatorJobs, type ValidatorJob } from "../validators/validator-jobs.js";

export class ExampleChecker {
  private readonly jobs: Map<string, ValidatorJob>;
  private readonly loaded = new Map<string, EvaluatedModule>();
  private readonly evaluator: ModuleEvaluator;

  constructor(
    ir: CatalogIR,
    cache: ValidatorCache = memoryValidatorCache(),
    private readonly verdicts: ExampleVerdicts = new Map(),
  ) {
    const { events, shared } = allValidatorJobs(ir);
    this.jobs = new Map(events.map((job) => [job.event, job]));
    const definitions = new LiveDefinitions(shared);
    this.evaluator = new ModuleEvaluator(shared, (job) => {
      let module = cache.get(job.hash);
      if (module === undefined) {
        module = compileValidator(job, definitions);
        cache.set(job.hash, module);
      }
      return module;
    });
  }

  /** Problems as `payload/email must match format "email"`; empty when valid. */
  check(event: EventIR, payload: unknown, headers: unknown): string[] {
    if (this.knownValid(event, payload, headers)) return [];
    const validators = this.validators(event.name);
    const problems: string[] = [];
    const run = (validate: EvaluatedValidator | undefined, value: unknown, label: string) => {
      if (validate === undefined || value === undefined || validate(value)) return;
      for (const error of validate.errors ?? []) {
        const allowed = error.keyword === "enum" ? `: ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` : "";
        problems.push(`${label}${error.instancePath} ${error.message ?? error.keyword}${allowed}`);
      }
    };
    run(validators.validate, payload, "payload");
    run(validators.validateHeaders, headers, "headers");
    return problems;
  }

  /** Whether codegen already found both parts valid (a part the validators do not check counts as valid). */
  private knownValid(event: EventIR, payload: unknown, headers: unknown): boolean {
    const hash = this.jobs.get(event.name)?.hash;
    if (hash === undefined || this.verdicts.size === 0) return false;
    const valid = (part: "payload" | "headers", value: unknown) => value === undefined || this.verdicts.get(verdictKey(hash, part, value)) === true;
    return valid("payload", payload) && (!event.headers || valid("headers", headers));
  }

  private validators(event: string): EvaluatedModule {
    let validators = this.loaded.get(event);
    if (validators === undefined) {
      const job = this.jobs.get(event);
      if (job === undefined) throw new Error(`docs: no validator job for event ${JSON.stringify(event)}`);
      validators = this.evaluator.evaluate(job)!; // compiled when the cache lacks it
      this.loaded.set(event, validators);
    }
    return validators;
  }
}
