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
  if (!visit(schema.schema, "", 0)) return undefined;
  // the nearest located node on the way down
  let at = deepest;
  while (at !== "" && schema.locations[at] === undefined) at = at.slice(0, at.lastIndexOf("/"));
  const location = schema.locations[at] ?? schema.locations[""]!;
  return diagnostic(location, "error", "schema-invalid", `schema nests deeper than ${MAX_SCHEMA_DEPTH} levels here; no validator can be compiled from it (flatten it, or name the repeated part and $ref it)`);
}
