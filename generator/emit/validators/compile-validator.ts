/**
 * Compiles one event's schemas to an ajv standalone ES module body. A fresh ajv instance per
 * module keeps generated names (validate10, formats0...) independent of what else was
 * compiled, so cached and freshly compiled output are byte-identical.
 */
import { Name, type Ajv, type ValidateFunction } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { callRef } from "ajv/dist/vocabularies/core/ref.js";
import { createAjv } from "../../schema/create-ajv.js";
import { markPureConstructors } from "./pure-annotations.js";
import { indentBlocks } from "./indent-blocks.js";
import { dropUnusedSchemas } from "./unused-schemas.js";
import { CALL_KEYWORD, callLocal, type SharedJob, type ValidatorJob } from "./validator-jobs.js";

// CommonJS module: under NodeNext the default import is `module.exports`, the function is on `.default`
const standaloneCode = (standaloneModule as unknown as { default: typeof standaloneModule.default }).default;

/**
 * What ajv's standalone code `require`s at run time, and the `eventsmith/runtime` export that
 * replaces it: generated code reaches the runtime by package name only.
 */
const RUNTIME_IMPORTS: Record<string, string> = {
  'require("ajv/dist/runtime/equal").default': "ajvEqual",
  'require("ajv/dist/runtime/ucs2length").default': "ajvUcs2length",
  'require("ajv/dist/runtime/uri").default': "ajvUri",
  'require("ajv/dist/runtime/validation_error").default': "AjvValidationError",
  'require("ajv-formats/dist/formats").fastFormats': "fastFormats",
  'require("ajv-formats/dist/formats").fullFormats': "fullFormats",
};

/** ajv's read of one format: `require("ajv-formats/dist/formats").fastFormats["date-time"]` or `….fastFormats.date`. */
const FORMAT_READ = /require\("ajv-formats\/dist\/formats"\)\.(fastFormats|fullFormats)(?:\[("(?:[^"\\]|\\.)*")\]|\.([A-Za-z_$][\w$]*))/g;

export interface CompiledModule {
  /** Names to import from `eventsmith/runtime`, sorted. */
  imports: string[];
  /** Files of the shared definitions it calls (`validators/shared/<file>.ts`, imported as `callLocal(file)`), sorted. */
  shared: string[];
  /** The module body: `export const validate = ...` (and `validateHeaders`). */
  body: string;
}

/** A module just compiled, with the live functions its code was printed from (same code, same verdicts). */
interface LiveValidator {
  module: CompiledModule;
  validate: ValidateFunction;
  validateHeaders?: ValidateFunction;
}

export function compileValidator(job: ValidatorJob, definitions: LiveDefinitions): CompiledModule {
  return compileLiveValidator(job, definitions).module;
}

function compileLiveValidator(job: ValidatorJob, definitions: LiveDefinitions): LiveValidator {
  const ajv = addCallKeyword(freshAjv(), definitions);
  ajv.addSchema(job.payload as object, "payload", undefined, false);
  const exports: Record<string, string> = { validate: "payload" };
  if (job.headers !== undefined) {
    ajv.addSchema(job.headers as object, "headers", undefined, false);
    exports["validateHeaders"] = "headers";
  }
  let body = standaloneCode(ajv, exports).replace(/^"use strict";\n?/, "");
  const imports = new Set<string>();
  // a format read as a pure call, so a bundler may drop a module nobody uses (see ajvFastFormat)
  body = body.replace(FORMAT_READ, (_read, set: string, quoted: string | undefined, name: string | undefined) => {
    const reader = set === "fastFormats" ? "ajvFastFormat" : "ajvFullFormat";
    imports.add(reader);
    return `/*@__PURE__*/ ${reader}(${quoted ?? JSON.stringify(name)})`;
  });
  body = body.replace(/require\("[^"]+"\)(\.[A-Za-z]+)?/g, (call) => {
    const name = RUNTIME_IMPORTS[call];
    if (name === undefined) throw new Error(`validator for ${job.event}: unsupported ajv runtime dependency ${call}`);
    imports.add(name);
    return name;
  });
  // ajv prints a statement a line (`code.lines`); indented by its blocks, a reviewer can read it
  body = indentBlocks(markPureConstructors(dropUnusedSchemas(body)));
  const shared = [...new Set(Object.values(job.calls))].sort();
  const module = { imports: [...imports].sort(), shared, body: body.endsWith("\n") ? body : body + "\n" };
  // standaloneCode compiled both schemas: these are cache hits
  const validate = ajv.getSchema("payload")!;
  const validateHeaders = job.headers !== undefined ? ajv.getSchema("headers") : undefined;
  return validateHeaders ? { module, validate, validateHeaders } : { module, validate };
}

/**
 * A fresh ajv as it is once it has validated a schema against draft-07, without doing so.
 * `addSchema` validates each schema against the meta-schema, which compiles the meta-schema in
 * every fresh instance: half the cost of a module, and the names it takes in ajv's value scope
 * (validate0..20, schema0..5, func0 = deep equality...) number the names of the module's own
 * code. So the meta-schema is compiled once, in a template instance; each fresh instance gets a
 * copy of the template's scope (name counters and the values already named, which a module may
 * reuse) and adds its schemas unvalidated. The output is byte-identical to a fresh instance that
 * validated them (test/emit/compile-validator.test.ts); the check stage validates every schema
 * against the meta-schema (schema-invalid), and nothing is emitted from a catalog with errors
 * (a schema that breaks the compile fails its job alone). The scope's fields are ajv internals:
 * COMPILER_VERSION pins the ajv version.
 */
export function freshAjv(): Ajv {
  const ajv = createAjv({ standalone: true });
  template ??= scopeAfterMetaSchema();
  const scope = ajv.scope as unknown as ScopeState;
  for (const [prefix, group] of Object.entries(template._names)) scope._names[prefix] = { ...group };
  for (const [prefix, values] of Object.entries(template._values)) scope._values[prefix] = new Map(values);
  for (const [prefix, values] of Object.entries(template._scope)) scope._scope[prefix] = [...values];
  return ajv;
}

/** The parts of ajv's ValueScope (ajv/dist/compile/codegen/scope.js) that number generated names. */
interface ScopeState {
  _names: Record<string, { prefix: string; index: number }>;
  _values: Record<string, Map<unknown, unknown>>;
  _scope: Record<string, unknown[]>;
}

let template: ScopeState | undefined;

function scopeAfterMetaSchema(): ScopeState {
  const ajv = createAjv({ standalone: true });
  ajv.validateSchema({}); // compiles the draft-07 meta-schema, exactly as the first addSchema would
  const scope = ajv.scope as unknown as ScopeState;
  if (![scope._names, scope._values, scope._scope].every((part) => typeof part === "object" && part !== null)) {
    throw new Error("ajv's value scope is not what compile-validator expects: update freshAjv for this ajv version");
  }
  return scope;
}

/**
 * The keyword a `$ref` to a shared definition becomes (see validator-jobs): in the module's
 * code, a call of the validator imported from the definition's module, exactly as ajv calls a
 * `$ref` compiled as a function of its own (errors, paths); live, a call of `definitions`' one.
 */
function addCallKeyword(ajv: Ajv, definitions: LiveDefinitions): Ajv {
  return ajv.addKeyword({
    keyword: CALL_KEYWORD,
    schemaType: "string",
    code(cxt) {
      const name = cxt.schema as string;
      const validate = cxt.gen.scopeValue("func", { ref: definitions.validator(name), code: new Name(callLocal(definitions.file(name))) });
      callRef(cxt, validate, undefined, false);
    },
  });
}

/**
 * The shared definitions' live validators, each compiled on its first call: what a module just
 * compiled calls when the generator checks samples with it. One per catalog (and thread).
 */
export class LiveDefinitions {
  private readonly jobs: Map<string, SharedJob>;
  private readonly validators = new Map<string, ValidateFunction>();
  private ajv: Ajv | undefined;

  constructor(jobs: readonly SharedJob[]) {
    this.jobs = new Map(jobs.map((job) => [job.definition, job]));
  }

  file(name: string): string {
    return this.job(name).file;
  }

  /** A stand-in with ajv's calling convention (`errors` after each call) that compiles the definition when first called. */
  validator(name: string): ValidateFunction {
    let validate = this.validators.get(name);
    if (!validate) {
      let compiled: ValidateFunction | undefined;
      const call = (data: unknown, context?: object): boolean => {
        this.ajv ??= addCallKeyword(createAjv(), this);
        compiled ??= this.ajv.compile(this.job(name).payload as object);
        const valid = (compiled as (data: unknown, context?: object) => boolean)(data, context);
        call.errors = compiled.errors;
        return valid;
      };
      call.errors = null as ValidateFunction["errors"];
      validate = call as unknown as ValidateFunction;
      this.validators.set(name, validate);
    }
    return validate;
  }

  private job(name: string): SharedJob {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no shared definition ${JSON.stringify(name)} to call`);
    return job;
  }
}

/** A value to check with a job's validators: an example's payload or headers. */
export interface Sample {
  part: "payload" | "headers";
  value: unknown;
}

/** Compiles `job` and checks each sample with what was compiled: its verdicts, in order. */
export function compileAndCheck(job: ValidatorJob, samples: readonly Sample[], definitions: LiveDefinitions): { module: CompiledModule; verdicts: boolean[] } {
  const live = compileLiveValidator(job, definitions);
  return { module: live.module, verdicts: checkSamples(live, samples) };
}

/** A module's two validators, live or loaded from its code. */
export interface SampleValidators {
  validate: (data: unknown) => unknown;
  validateHeaders?: ((data: unknown) => unknown) | undefined;
}

/** Verdicts of validators on samples (a headers sample without a headers validator is invalid). */
export function checkSamples(validators: SampleValidators, samples: readonly Sample[]): boolean[] {
  return samples.map(({ part, value }) => {
    const validate = part === "payload" ? validators.validate : validators.validateHeaders;
    return validate !== undefined && validate(value) === true;
  });
}
