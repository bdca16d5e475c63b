/**
 * Compiles IR payload/headers schemas with the one shared ajv configuration (the one the
 * generated validators use). Compiling costs milliseconds per schema, so:
 * - the schemas still to compile go into one ajv resource (`compileSchemas`), where the named
 *   schemas they share are compiled once rather than once per event;
 * - one ajv and one cache serve the whole process: under `--watch`, only a schema that changed
 *   is compiled again.
 */
import type { AnySchema, ErrorObject, ValidateFunction } from "ajv";
import { referencedSchemas, standaloneSchema } from "../ir/standalone-schema.js";
import type { CatalogIR, JsonSchema } from "../ir/types.js";
import { createAjv } from "../schema/create-ajv.js";
import type { Alternatives } from "./pick-errors.js";
import { schemaAlternatives } from "./schema-alternatives.js";

export type Compiled = { validate: ValidateFunction; alternatives: Alternatives } | { error: string };

type IR = Pick<CatalogIR, "schemas">;

// unknown formats are reported by the schema-invalid rule, with their location; errors carry
// the failing schema (see schema-alternatives), which changes no verdict
const ajv = createAjv({ verbose: true, logger: { log() {}, warn() {}, error() {} } });
/** By the schema's standalone form (what it means, whatever IR it came from). */
const cache = new Map<string, Compiled>();
let resources = 0;

/** Compiles, together, each of `schemas` not compiled yet. */
export function compileSchemas(ir: IR, schemas: readonly JsonSchema[]): void {
  const misses = new Map<string, JsonSchema>();
  for (const schema of schemas) {
    const key = cacheKey(ir, schema);
    if (!cache.has(key)) misses.set(key, schema);
  }
  if (misses.size === 0) return;
  // one resource: the named schemas under $defs (as the IR refers to them), the misses under definitions
  const id = `https://eventsmith.invalid/check/${resources++}.json`;
  const $defs: Record<string, JsonSchema> = {};
  for (const schema of misses.values()) for (const name of referencedSchemas(ir, schema)) $defs[name] = ir.schemas[name]!.schema;
  const definitions = Object.fromEntries([...misses.values()].map((schema, index) => [String(index), schema]));
  const resource = { $id: id, $defs, definitions };
  try {
    ajv.addSchema(resource);
  } catch {
    // the resource as a whole is refused: compile each alone, to learn which fails
    for (const [key, schema] of misses) cache.set(key, compileAlone(ir, schema));
    return;
  }
  const alternatives = schemaAlternatives(ajv, resource);
  [...misses.keys()].forEach((key, index) => {
    try {
      cache.set(key, { validate: ajv.getSchema(`${id}#/definitions/${index}`)!, alternatives });
    } catch (error) {
      cache.set(key, { error: (error as Error).message });
    }
  });
}

export function compileSchema(ir: IR, schema: JsonSchema): Compiled {
  compileSchemas(ir, [schema]);
  return cache.get(cacheKey(ir, schema))!;
}

function compileAlone(ir: IR, schema: JsonSchema): Compiled {
  const standalone = standaloneSchema(ir, schema);
  const id = `https://eventsmith.invalid/check/${resources++}.json`;
  const root = typeof standalone === "boolean" ? { allOf: [standalone], $id: id } : { ...standalone, $id: id };
  try {
    return { validate: ajv.compile(root as AnySchema), alternatives: schemaAlternatives(ajv, root) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function cacheKey(ir: IR, schema: JsonSchema): string {
  return JSON.stringify(standaloneSchema(ir, schema));
}

/** Violations of the JSON Schema meta-schema (draft-07), which make ajv refuse to compile. */
export function metaSchemaErrors(schema: JsonSchema): ErrorObject[] {
  return ajv.validateSchema(schema as AnySchema) ? [] : [...(ajv.errors ?? [])];
}

/** Whether ajv knows `format` (the generated validators check only those). */
export function knowsFormat(format: string): boolean {
  return ajv.formats[format] !== undefined;
}
