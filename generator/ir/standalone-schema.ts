/**
 * An IR schema as a self-contained JSON Schema: the named schemas it reaches (transitively)
 * copied under `$defs`, so ajv, docs or compat can use it without the rest of the catalog.
 */
import { isObject, parsePointer } from "../load/json-pointer.js";
import { forEachSubschema } from "../schema/keywords.js";
import type { CatalogIR, JsonSchema } from "./types.js";

const DEF_PREFIX = "#/$defs/";

export function standaloneSchema(ir: Pick<CatalogIR, "schemas">, schema: JsonSchema): JsonSchema {
  const names = referencedSchemas(ir, schema);
  if (names.length === 0) return schema;
  const $defs: Record<string, JsonSchema> = {};
  for (const name of names) $defs[name] = ir.schemas[name]!.schema;
  return typeof schema === "boolean" ? { allOf: [schema], $defs } : { ...schema, $defs };
}

/** Names of the named schemas `schema` reaches, directly or through other named schemas; sorted. */
export function referencedSchemas(ir: Pick<CatalogIR, "schemas">, schema: JsonSchema): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (!isObject(value)) return;
    const name = defName(value["$ref"]);
    if (name !== undefined && !found.has(name) && ir.schemas[name]) {
      found.add(name);
      visit(ir.schemas[name].schema);
    }
    forEachSubschema(value, visit);
  };
  visit(schema);
  return [...found].sort();
}

/** `#/$defs/Name` -> `Name`; undefined for any other reference. */
export function defName(ref: unknown): string | undefined {
  if (typeof ref !== "string" || !ref.startsWith(DEF_PREFIX)) return undefined;
  const segments = parsePointer(ref.slice(1));
  return segments?.length === 2 ? segments[1] : undefined;
}
