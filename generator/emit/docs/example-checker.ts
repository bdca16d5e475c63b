/**
 * Checks docs examples with the generated validators themselves: the ajv standalone module
 * the SDK ships for each event (compiled by `compileValidator` with `createAjv`, taken from
 * the validator cache when `codegen` already compiled it), evaluated here. So an example the
 * docs call valid is one `bus.publish` accepts, and a docs build after `codegen` compiles
 * nothing. The module text is this repository's own compiler output, never catalog code.
 */
import type { ErrorObject } from "ajv";
import * as validationRuntime from "../../../runtime/validation-runtime.js";
import type { CatalogIR, EventIR } from "../../ir/types.js";
import { compileValidator, type CompiledModule } from "../validators/compile-validator.js";
import { verdictKey, type ExampleVerdicts } from "../validators/example-verdicts.js";
import { memoryValidatorCache, type ValidatorCache } from "../validators/validator-cache.js";
import { validatorJobs, type ValidatorJob } from "../validators/validator-jobs.js";

type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface EventValidators {
  validate: ValidateFunction;
  validateHeaders?: ValidateFunction;
}

/** The exports `compileValidator` gives a module (`export const validate = validate21;`). */
const EXPORT = /export const (validate|validateHeaders) = (validate\d+);/g;

export class ExampleChecker {
  private readonly jobs: Map<string, ValidatorJob>;
  private readonly loaded = new Map<string, EventValidators>();

  constructor(
    ir: CatalogIR,
    private readonly cache: ValidatorCache = memoryValidatorCache(),
    private readonly verdicts: ExampleVerdicts = new Map(),
  ) {
    this.jobs = new Map(validatorJobs(ir).map((job) => [job.event, job]));
  }

  /** Problems as `payload/email must match format "email"`; empty when valid. */
  check(event: EventIR, payload: unknown, headers: unknown): string[] {
    if (this.knownValid(event, payload, headers)) return [];
    const validators = this.validators(event.name);
    const problems: string[] = [];
    const run = (validate: ValidateFunction | undefined, value: unknown, label: string) => {
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

  private validators(event: string): EventValidators {
    let validators = this.loaded.get(event);
    if (validators === undefined) {
      const job = this.jobs.get(event);
      if (job === undefined) throw new Error(`docs: no validator job for event ${JSON.stringify(event)}`);
      let module = this.cache.get(job.hash);
      if (module === undefined) {
        module = compileValidator(job);
        this.cache.set(job.hash, module);
      }
      validators = evaluate(module, event);
      this.loaded.set(event, validators);
    }
    return validators;
  }
}

/** Runs a module body as a function: its runtime imports become parameters, its exports a record. */
function evaluate(module: CompiledModule, event: string): EventValidators {
  const runtime = validationRuntime as unknown as Record<string, unknown>;
  const exported: Record<string, ValidateFunction> = {};
  const body = module.body.replace(EXPORT, (_, name: string, fn: string) => `exported.${name} = ${fn};`);
  const missing = module.imports.filter((name) => !(name in runtime));
  if (missing.length > 0) throw new Error(`docs: validator of ${event} imports ${missing.join(", ")}, which eventsmith/runtime lacks`);
  new Function("exported", ...module.imports, body)(exported, ...module.imports.map((name) => runtime[name]));
  if (exported["validate"] === undefined) throw new Error(`docs: the validator module of ${event} exports no validate function`);
  return exported["validateHeaders"] ? { validate: exported["validate"], validateHeaders: exported["validateHeaders"] } : { validate: exported["validate"] };
}
