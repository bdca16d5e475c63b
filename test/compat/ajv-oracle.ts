/**
 * The independent judge for the schema cases: ajv (with ajv-formats, as the generated
 * validators) decides whether a sample is valid under the old and the new schema. A verdict
 * "compatible" must survive every sample; a verdict "breaking" must be backed by a witness.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { Evaluator } from "../../generator/compat/schema/accepts.js";
import { rootCursor, subOf } from "../../generator/compat/schema/cursor.js";
import { Normalizer } from "../../generator/compat/schema/normalize.js";
import { Sampler } from "../../generator/compat/schema/sample.js";
import type { CatalogIR, JsonSchema } from "../../generator/ir/types.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ strict: false, allErrors: false }));

export type Defs = Record<string, JsonSchema>;

export function validator(schema: JsonSchema, defs: Defs = {}): ValidateFunction {
  return ajv.compile({ allOf: [schema], $defs: defs });
}

/**
 * What a producer on schema `a` may send: under `strict` every valid value; under `lenient` the
 * valid values whose records (object schemas declaring properties) hold only declared keys.
 */
export function producerValidator(a: JsonSchema, defs: Defs | undefined, policy: "lenient" | "strict"): (value: unknown) => boolean {
  const valid = validator(a, defs);
  if (policy === "strict") return (value) => valid(value);
  // both: closing a oneOf branch can make another branch match alone, so closed alone is no subset
  const closed = closeForLenient(a, defs);
  const declaredOnly = validator(closed.schema, closed.defs);
  return (value) => valid(value) && declaredOnly(value);
}

/**
 * The lenient reading of a producer's schema as plain JSON Schema: a record (an object schema
 * declaring properties, here or across its allOf) accepts only its declared keys.
 */
function closeForLenient(schema: JsonSchema, defs: Defs = {}): { schema: JsonSchema; defs: Defs } {
  const close = (node: JsonSchema, inAllOf: boolean): JsonSchema => {
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (["properties", "patternProperties", "dependencies"].includes(key) && value && typeof value === "object") {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v : close(v as JsonSchema, false)]));
      } else if (["allOf", "anyOf", "oneOf"].includes(key) || (key === "items" && Array.isArray(value))) {
        // branches of a record are closed with it (by the union of their keys), not on their own
        const withParent = key === "allOf" || inAllOf || (key !== "items" && declared(node, defs).length > 0);
        out[key] = (value as JsonSchema[]).map((v) => close(v, withParent));
      } else if (["items", "additionalItems", "additionalProperties", "contains", "then", "else"].includes(key)) {
        out[key] = close(value as JsonSchema, false);
        // `not` and `if` are negative positions: closing there would widen the producer's schema
      } else out[key] = value;
    }
    const keys = declared(node, defs);
    const hasPatterns = allOfNodes(node, defs).some((n) => typeof n === "object" && n["patternProperties"]);
    const open = allOfNodes(node, defs).every((n) => typeof n !== "object" || n["additionalProperties"] === undefined || n["additionalProperties"] === true);
    if (!inAllOf && keys.length > 0 && !hasPatterns && open) out["propertyNames"] = { enum: keys };
    return out;
  };
  return { schema: close(schema, false), defs: Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, close(v, false)])) };
}

/** The node and, through allOf and $ref, every node whose object keywords apply to the same value. */
function allOfNodes(node: JsonSchema, defs: Defs, seen = new Set<unknown>()): Array<Record<string, unknown>> {
  if (typeof node !== "object" || node === null || seen.has(node)) return [];
  seen.add(node);
  const ref = node["$ref"];
  if (typeof ref === "string") return allOfNodes(defs[ref.slice("#/$defs/".length)]!, defs, seen);
  const branches = Array.isArray(node["allOf"]) ? (node["allOf"] as JsonSchema[]) : [];
  return [node, ...branches.flatMap((b) => allOfNodes(b, defs, seen))];
}

function declared(node: JsonSchema, defs: Defs): string[] {
  const own = (n: Record<string, unknown>) => (n["properties"] && typeof n["properties"] === "object" ? Object.keys(n["properties"]) : []);
  const nodes = allOfNodes(node, defs);
  const keys = nodes.flatMap(own);
  if (keys.length === 0) return [];
  const branches = nodes.flatMap((n) => [...((n["anyOf"] as JsonSchema[]) ?? []), ...((n["oneOf"] as JsonSchema[]) ?? [])]);
  return [...new Set([...keys, ...branches.flatMap((b) => allOfNodes(b, defs).flatMap(own))])].sort();
}

/** Values the engine's sampler finds for a one-event catalog's payload (ajv judges them, not the engine). */
export function samplesOf(ir: CatalogIR): unknown[] {
  const normalizer = new Normalizer();
  const sampler = new Sampler(normalizer, new Evaluator(normalizer));
  const event = ir.events[0]!;
  return sampler.sub(subOf(rootCursor({ label: "old", ir }, event.payload, "payload", "/payload", event.location)), 0, 60);
}
