/**
 * Schemas nested deeper than any real one: ajv's compile time grows faster than linearly with
 * nesting (80 nested `items` take ~0.7 s, a few hundred never finish), so such a schema is an
 * error at its deepest node before anything compiles it (the check, or codegen's workers).
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { isObject } from "../load/json-pointer.js";
import { forEachSubschema } from "../schema/keywords.js";
import type { SchemaIR } from "./types.js";

/** Subschemas inside subschemas; real catalogs stay far below (the example catalog: 9). */
export const MAX_SCHEMA_DEPTH = 64;

export function schemaTooDeep(schema: SchemaIR): Diagnostic | undefined {
  let deepest = "";
  const visit = (value: unknown, pointer: string, depth: number): boolean => {
    if (depth > MAX_SCHEMA_DEPTH) {
      deepest = pointer;
      return true;
    }
    let found = false;
    if (isObject(value)) forEachSubschema(value, (sub, path) => void (found ||= visit(sub, `${pointer}/${path.join("/")}`, depth + 1)));
    return found;
  };
  if (!visit(schema.schema, "", 0)) return deepValue(schema);
  // the nearest located node on the way down
  let at = deepest;
  while (at !== "" && schema.locations[at] === undefined) at = at.slice(0, at.lastIndexOf("/"));
  const location = schema.locations[at] ?? schema.locations[""]!;
  return diagnostic(location, "error", "schema-invalid", `schema nests deeper than ${MAX_SCHEMA_DEPTH} levels here; no validator can be compiled from it (flatten it, or name the repeated part and $ref it)`);
}

/** Values in a schema (`default`, `const`, `examples`) nested this deep make ajv's compile crawl as well. */
export const MAX_VALUE_DEPTH = 128;

function deepValue(schema: SchemaIR): Diagnostic | undefined {
  const depth = (value: unknown, level: number): boolean => {
    if (level > MAX_VALUE_DEPTH) return true;
    if (Array.isArray(value)) return value.some((item) => depth(item, level + 1));
    return isObject(value) && Object.values(value).some((child) => depth(child, level + 1));
  };
  if (!depth(schema.schema, 0)) return undefined;
  return diagnostic(schema.locations[""]!, "error", "schema-invalid", `schema holds a value nested deeper than ${MAX_VALUE_DEPTH} levels; no validator can be compiled from it`);
}
