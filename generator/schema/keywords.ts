/**
 * Where JSON Schema (draft-07, as AsyncAPI uses it) nests schemas. Anything else under a schema
 * is data or annotation (`enum`, `const`, `default`, `examples`...): never walked as a schema,
 * so a `$ref` there is just a value, while a *property named* `default` is a schema like any other.
 */

/** Keywords whose value is a schema (`items` may also be a list). */
export const SCHEMA_KEYWORDS = new Set([
  "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else", "items",
]);

/** Keywords whose value is a list of schemas. */
export const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "items"]);

/** Keywords whose value maps names to schemas (`dependencies` values may instead be name lists). */
export const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependencies"]);

/** Calls `visit` on every subschema directly below `schema`. */
export function forEachSubschema(schema: Record<string, unknown>, visit: (subschema: unknown, path: (string | number)[]) => void): void {
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) value.forEach((item, index) => visit(item, [key, index]));
    else if (SCHEMA_KEYWORDS.has(key)) visit(value, [key]);
    else if (SCHEMA_MAP_KEYWORDS.has(key) && typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [name, sub] of Object.entries(value)) if (!Array.isArray(sub)) visit(sub, [key, name]);
    }
  }
}
