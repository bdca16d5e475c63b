/**
 * What must be compiled: each named schema that several events reach, once (a shared
 * definition, its own module under `validators/shared/`), and each event's payload (and
 * headers) schema, whose `$ref`s to shared definitions become calls into those modules; the
 * named schemas only it reaches stay in its module. And for each, a hash of what its code and
 * verdicts depend on: the cache key.
 *
 * A definition is shared only when its module can stand alone: every `$ref` under it names a
 * named schema (`#/$defs/<Name>`) and it reaches no cycle (a module importing itself, or
 * modules importing each other, would read a function before its module ran). An event with
 * any other `$ref` keeps the whole-schema form: every named schema it reaches compiled into
 * its own module.
 */
import { createHash } from "node:crypto";
import { isObject } from "../../load/json-pointer.js";
import { defName, referencedSchemas, standaloneSchema } from "../../ir/standalone-schema.js";
import { forEachSubschema, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from "../../schema/keywords.js";
import type { CatalogIR, JsonSchema } from "../../ir/types.js";

/** Bumped whenever the compiled output changes for the same schema (ajv upgrade, rewrite rules). */
export const COMPILER_VERSION = "ajv-8.20.0/fast-formats/no-inline-refs/pure-regexp-formats/shared-definitions/no-unused-schemas/indented-lines/8";

/** The keyword a `$ref` to a shared definition becomes: its value is the definition's name (see compile-validator). */
export const CALL_KEYWORD = "eventsmithCall";

export interface ValidatorJob {
  /** The event; for a shared definition, `#/$defs/<Name>` (for messages). */
  event: string;
  payload: JsonSchema;
  headers?: JsonSchema;
  /** Over the compiler, the schemas and, transitively, every definition called: verdicts depend on them all. */
  hash: string;
  /** Shared definitions the code calls directly: name -> module file (`validators/shared/<file>.ts`). */
  calls: Record<string, string>;
}

export interface SharedJob extends ValidatorJob {
  definition: string;
  file: string;
}

export interface ValidatorJobs {
  events: ValidatorJob[];
  byEvent: Map<string, ValidatorJob>;
  /** Every shared definition some event calls, sorted by file. */
  shared: SharedJob[];
}

/** By IR: codegen asks for one IR's jobs several times (the check's examples, the validators, the docs). */
const jobsOf = new WeakMap<CatalogIR, ValidatorJobs>();

/** Not to be modified: the lists are shared by every caller with the same IR. */
export function allValidatorJobs(ir: CatalogIR): ValidatorJobs {
  let found = jobsOf.get(ir);
  if (!found) {
    found = computeJobs(ir);
    jobsOf.set(ir, found);
  }
  return found;
}

/** The events' jobs, in the IR's event order. */
export function validatorJobs(ir: CatalogIR): readonly ValidatorJob[] {
  return allValidatorJobs(ir).events;
}

export function validatorJob(ir: CatalogIR, event: string): ValidatorJob | undefined {
  return allValidatorJobs(ir).byEvent.get(event);
}

function computeJobs(ir: CatalogIR): ValidatorJobs {
  const shareable = shareableDefinitions(ir);
  const reachedBy = new Map<string, number>();
  for (const event of ir.events) {
    const reached = new Set([...referencedSchemas(ir, event.payload.schema), ...(event.headers ? referencedSchemas(ir, event.headers.schema) : [])]);
    for (const name of reached) reachedBy.set(name, (reachedBy.get(name) ?? 0) + 1);
  }
  // what one event alone reaches stays in its module: a module of its own would only add an import
  const files = definitionFiles([...shareable].filter((name) => reachedBy.get(name)! > 1));
  const shared = new Map<string, SharedJob>();
  const sharedJob = (name: string): SharedJob => {
    let job = shared.get(name);
    if (!job) {
      const { schema, calls } = withCalls(ir, ir.schemas[name]!.schema, files)!; // shared definitions call only shared definitions
      for (const callee of Object.keys(calls)) sharedJob(callee);
      const hash = digest(["shared", schema, calls, Object.keys(calls).map((callee) => shared.get(callee)!.hash)]);
      job = { event: `#/$defs/${name}`, definition: name, file: files.get(name)!, payload: schema, hash, calls };
      shared.set(name, job);
    }
    return job;
  };
  const events = ir.events.map((event): ValidatorJob => {
    const payload = withCalls(ir, event.payload.schema, files);
    const headers = event.headers ? withCalls(ir, event.headers.schema, files) : null;
    if (payload === undefined || headers === undefined) {
      // the whole-schema form: every named schema it reaches compiled into its own module
      const whole = standaloneSchema(ir, event.payload.schema);
      const wholeHeaders = event.headers && standaloneSchema(ir, event.headers.schema);
      const hash = digest(["whole", whole, wholeHeaders ?? null]);
      return wholeHeaders === undefined ? { event: event.name, payload: whole, hash, calls: {} } : { event: event.name, payload: whole, headers: wholeHeaders, hash, calls: {} };
    }
    const calls = { ...payload.calls, ...(headers === null ? {} : headers.calls) };
    const callees = Object.keys(calls).sort();
    const hash = digest(["event", payload.schema, headers === null ? null : headers.schema, calls, callees.map((name) => sharedJob(name).hash)]);
    return headers === null ? { event: event.name, payload: payload.schema, hash, calls } : { event: event.name, payload: payload.schema, headers: headers.schema, hash, calls };
  });
  return {
    events,
    byEvent: new Map(events.map((job) => [job.event, job])),
    shared: [...shared.values()].sort((a, b) => (a.file < b.file ? -1 : 1)),
  };
}

function digest(parts: unknown[]): string {
  return createHash("sha256").update(COMPILER_VERSION).update(JSON.stringify(parts)).digest("hex");
}

/**
 * `schema` with each `$ref` to a shared definition (a key of `files`) replaced by a call of it,
 * and the other named schemas it reaches copied under `$defs` (their own `$ref`s rewritten
 * alike); with the definitions called (name -> file). Undefined when it holds a `$ref` that
 * does not name a named schema.
 */
function withCalls(ir: Pick<CatalogIR, "schemas">, schema: JsonSchema, files: ReadonlyMap<string, string>): { schema: JsonSchema; calls: Record<string, string> } | undefined {
  const calls: Record<string, string> = {};
  const kept = new Map<string, JsonSchema>();
  const pending: string[] = [];
  let whole = true;
  const rewrite = (value: unknown): unknown => {
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(value)) {
      if (key === "$ref") {
        const name = defName(sub);
        if (name === undefined || !ir.schemas[name]) whole = false;
        else if (files.has(name)) {
          out[CALL_KEYWORD] = name;
          calls[name] = files.get(name)!;
          continue;
        } else if (!kept.has(name) && !pending.includes(name)) pending.push(name);
        out[key] = sub;
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(sub)) out[key] = sub.map(rewrite);
      else if (SCHEMA_KEYWORDS.has(key)) out[key] = rewrite(sub);
      else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(sub)) out[key] = Object.fromEntries(Object.entries(sub).map(([name, item]) => [name, Array.isArray(item) ? item : rewrite(item)]));
      else out[key] = sub;
    }
    return out;
  };
  const root = rewrite(schema) as JsonSchema;
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) kept.set(name, rewrite(ir.schemas[name]!.schema) as JsonSchema);
  if (!whole) return undefined;
  if (kept.size === 0) return { schema: root, calls };
  const $defs = Object.fromEntries([...kept].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { schema: typeof root === "boolean" ? { allOf: [root], $defs } : { ...root, $defs }, calls };
}

/** Named schemas whose every `$ref` names a named schema, reaching no cycle. */
function shareableDefinitions(ir: Pick<CatalogIR, "schemas">): Set<string> {
  const state = new Map<string, "visiting" | "shareable" | "not">();
  const visit = (name: string): boolean => {
    const known = state.get(name);
    if (known !== undefined) return known === "shareable"; // "visiting": a cycle
    state.set(name, "visiting");
    let ok = true;
    const walk = (value: unknown) => {
      if (!isObject(value)) return;
      if ("$ref" in value) {
        const callee = defName(value["$ref"]);
        if (callee === undefined || !ir.schemas[callee] || !visit(callee)) ok = false;
      }
      forEachSubschema(value, walk);
    };
    walk(ir.schemas[name]!.schema);
    state.set(name, ok ? "shareable" : "not");
    return ok;
  };
  for (const name of Object.keys(ir.schemas)) visit(name);
  return new Set([...state].filter(([, verdict]) => verdict === "shareable").map(([name]) => name));
}

/** A file name per definition: kebab-case, unique even on a case-insensitive disk (`-2`, `-3`... in name order). */
function definitionFiles(names: string[]): Map<string, string> {
  const taken = new Set<string>();
  const files = new Map<string, string>();
  for (const name of names.sort()) {
    const base =
      name
        .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "") || "schema";
    let file = base;
    for (let n = 2; taken.has(file); n++) file = `${base}-${n}`;
    taken.add(file);
    files.set(name, file);
  }
  return files;
}

/** The identifier a module imports a shared definition's validator under. */
export function callLocal(file: string): string {
  return `def_${file.replace(/-/g, "_")}`;
}
