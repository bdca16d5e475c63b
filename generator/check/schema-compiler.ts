/**
 * Compiles IR payload/headers schemas with the one shared ajv configuration (the one the
 * generated validators use). Compiling costs milliseconds per schema, so:
 * - the schemas still to compile go into one ajv resource (`compileSchemas`), where the named
 *   schemas they share are compiled once rather than once per event;
 * - one compiler (its ajv and its cache) serves one check, or a whole session when the session
 *   keeps it (`CheckOptions.schemaCompiler`): under `--watch`, only a schema that changed is compiled
 *   again. No state outside an instance.
 */
import type { AnySchema, ErrorObject, ValidateFunction } from "ajv";
import { referencedSchemas, standaloneSchema } from "../ir/standalone-schema.js";
import type { CatalogIR, JsonSchema } from "../ir/types.js";
import { createAjv } from "../schema/create-ajv.js";
import type { Alternatives } from "./pick-errors.js";
import { schemaAlternatives } from "./schema-alternatives.js";

export type Compiled = { validate: ValidateFunction; alternatives: Alternatives } | { error: string };

type IR = Pick<CatalogIR, "schemas">;

export class SchemaCompiler {
  // unknown formats are reported by the schema-invalid rule, with their location; errors carry
  // the failing schema (see schema-alternatives), which changes no verdict
  private readonly ajv = createAjv({ verbose: true, logger: { log() {}, warn() {}, error() {} } });
  /** By the schema's standalone form (what it means, whatever IR it came from). */
  private readonly cache = new Map<string, Compiled>();
  /** Resources added to this ajv so far: each gets its own `$id`. */
  private resources = 0;

  /** Compiles, together, each of `schemas` not compiled yet. */
  compileSchemas(ir: IR, schemas: readonly JsonSchema[]): void {
    const misses = new Map<string, JsonSchema>();
    for (const schema of schemas) {
      const key = cacheKey(ir, schema);
      if (!this.cache.has(key)) misses.set(key, schema);
    }
    if (misses.size === 0) return;
    // one resource: the named schemas under $defs (as the IR refers to them), the misses under definitions
    const id = this.nextId();
    const $defs: Record<string, JsonSchema> = {};
    for (const schema of misses.values()) for (const name of referencedSchemas(ir, schema)) $defs[name] = ir.schemas[name]!.schema;
    const definitions = Object.fromEntries([...misses.values()].map((schema, index) => [String(index), schema]));
    const resource = { $id: id, $defs, definitions };
    try {
      this.ajv.addSchema(resource);
    } catch {
      // the resource as a whole is refused: compile each alone, to learn which fails
      for (const [key, schema] of misses) this.cache.set(key, this.compileAlone(ir, schema));
      return;
    }
    const alternatives = schemaAlternatives(this.ajv, resource);
    [...misses.keys()].forEach((key, index) => {
      try {
        this.cache.set(key, { validate: this.ajv.getSchema(`${id}#/definitions/${index}`)!, alternatives });
      } catch (error) {
        this.cache.set(key, { error: (error as Error).message });
      }
    });
  }

  compileSchema(ir: IR, schema: JsonSchema): Compiled {
    this.compileSchemas(ir, [schema]);
    return this.cache.get(cacheKey(ir, schema))!;
  }

  /** Violations of the JSON Schema meta-schema (draft-07), which make ajv refuse to compile. */
  metaSchemaErrors(schema: JsonSchema): ErrorObject[] {
    return this.ajv.validateSchema(schema as AnySchema) ? [] : [...(this.ajv.errors ?? [])];
  }

  /** Whether ajv knows `format` (the generated validators check only those). */
  knowsFormat(format: string): boolean {
    return this.ajv.formats[format] !== undefined;
  }

  private compileAlone(ir: IR, schema: JsonSchema): Compiled {
    const standalone = standaloneSchema(ir, schema);
    const id = this.nextId();
    const root = typeof standalone === "boolean" ? { allOf: [standalone], $id: id } : { ...standalone, $id: id };
    try {
      return { validate: this.ajv.compile(root as AnySchema), alternatives: schemaAlternatives(this.ajv, root) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  private nextId(): string {
    return `https://eventsmith.invalid/check/${this.resources++}.json`;
  }
}

function cacheKey(ir: IR, schema: JsonSchema): string {
  return JSON.stringify(standaloneSchema(ir, schema));
}
