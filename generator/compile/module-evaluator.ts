/**
 * The one evaluator of compiled validator modules in the generator: for a module taken from the
 * cache (a fresh compile hands back live functions, see compile-validator), whose examples the
 * check or the docs must judge. The module body runs as a function whose parameters are what
 * the module imports: the `eventsmith/runtime` helpers, and the validators of the shared
 * definitions it calls, themselves evaluated once each. The text is this repository's own
 * compiler output, never catalog code.
 */
import type { ErrorObject } from "ajv";
import * as validationRuntime from "../../runtime/validation-runtime.js";
import type { CompiledModule } from "../emit/validators/compile-validator.js";
import { callLocal, type SharedJob, type ValidatorJob } from "../emit/validators/validator-jobs.js";

export type EvaluatedValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export interface EvaluatedModule {
  validate: EvaluatedValidator;
  validateHeaders?: EvaluatedValidator;
}

/** The exports `compileValidator` gives a module (`export const validate = validate21;`). */
const EXPORT = /export const (validate|validateHeaders) = (validate\d+);/g;

export class ModuleEvaluator {
  private readonly shared: Map<string, SharedJob>;
  private readonly evaluated = new Map<string, EvaluatedModule>();

  /** `module` finds (or compiles) a job's module. */
  constructor(
    shared: readonly SharedJob[],
    private readonly module: (job: ValidatorJob) => CompiledModule | undefined,
  ) {
    this.shared = new Map(shared.map((job) => [job.file, job]));
  }

  /** Undefined when the module (or one it calls) is not to be had. */
  evaluate(job: ValidatorJob): EvaluatedModule | undefined {
    const module = this.module(job);
    if (module === undefined) return undefined;
    const calls: EvaluatedValidator[] = [];
    for (const file of module.shared) {
      const callee = this.evaluateShared(file);
      if (callee === undefined) return undefined;
      calls.push(callee);
    }
    const runtime = validationRuntime as unknown as Record<string, unknown>;
    const missing = module.imports.filter((name) => !(name in runtime));
    if (missing.length > 0) throw new Error(`the validator of ${job.event} imports ${missing.join(", ")}, which eventsmith/runtime lacks`);
    const exported: Partial<EvaluatedModule> = {};
    const body = module.body.replace(EXPORT, (_, name: string, fn: string) => `exported.${name} = ${fn};`);
    new Function("exported", ...module.imports, ...module.shared.map(callLocal), body)(exported, ...module.imports.map((name) => runtime[name]), ...calls);
    if (exported.validate === undefined) throw new Error(`the validator module of ${job.event} exports no validate function`);
    return exported.validateHeaders ? { validate: exported.validate, validateHeaders: exported.validateHeaders } : { validate: exported.validate };
  }

  private evaluateShared(file: string): EvaluatedValidator | undefined {
    let found = this.evaluated.get(file);
    if (found === undefined) {
      const job = this.shared.get(file);
      if (job === undefined) throw new Error(`a validator module calls the shared definition ${file}, which no job compiles`);
      found = this.evaluate(job);
      if (found === undefined) return undefined;
      this.evaluated.set(file, found);
    }
    return found.validate;
  }
}
