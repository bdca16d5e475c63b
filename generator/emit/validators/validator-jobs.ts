/**
 * What must be compiled for each event: its payload (and headers) schema made standalone,
 * and a hash of exactly what goes into the compiled code — the cache key.
 */
import { createHash } from "node:crypto";
import { standaloneSchema } from "../../ir/standalone-schema.js";
import type { CatalogIR, JsonSchema } from "../../ir/types.js";

/** Bumped whenever the compiled output changes for the same schema (ajv upgrade, rewrite rules). */
export const COMPILER_VERSION = "ajv-8.20.0/fast-formats/no-inline-refs/pure-regexp-formats/4";

export interface ValidatorJob {
  event: string;
  payload: JsonSchema;
  headers?: JsonSchema;
  hash: string;
}

/** By IR: codegen asks for one IR's jobs several times (the check's examples, the validators, the docs). */
const jobsOf = new WeakMap<CatalogIR, { list: ValidatorJob[]; byEvent: Map<string, ValidatorJob> }>();

function jobs(ir: CatalogIR) {
  let found = jobsOf.get(ir);
  if (!found) {
    const list = computeJobs(ir);
    found = { list, byEvent: new Map(list.map((job) => [job.event, job])) };
    jobsOf.set(ir, found);
  }
  return found;
}

/** Not to be modified: the list is shared by every caller with the same IR. */
export function validatorJobs(ir: CatalogIR): readonly ValidatorJob[] {
  return jobs(ir).list;
}

export function validatorJob(ir: CatalogIR, event: string): ValidatorJob | undefined {
  return jobs(ir).byEvent.get(event);
}

function computeJobs(ir: CatalogIR): ValidatorJob[] {
  return ir.events.map((event) => {
    const payload = standaloneSchema(ir, event.payload.schema);
    const headers = event.headers && standaloneSchema(ir, event.headers.schema);
    const hash = createHash("sha256")
      .update(COMPILER_VERSION)
      .update(JSON.stringify(payload))
      .update(JSON.stringify(headers ?? null))
      .digest("hex");
    return headers === undefined ? { event: event.name, payload, hash } : { event: event.name, payload, headers, hash };
  });
}
