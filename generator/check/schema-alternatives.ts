/**
 * Validators for each alternative of a failed `oneOf`/`anyOf`, for `pick-errors`. Compiled
 * with `verbose`, an ajv error carries the very list of alternatives that failed; its address
 * in the root schema (found by identity) lets each alternative be compiled alone, by `$ref`.
 */
import type { Ajv, ValidateFunction } from "ajv";
import { escapeSegment, isObject } from "../load/json-pointer.js";
import type { Alternatives } from "./pick-errors.js";

/** `root` must carry an absolute `$id`; `ajv` must have compiled it with `verbose: true`. */
export function schemaAlternatives(ajv: Ajv, root: Record<string, unknown>): Alternatives {
  let addresses: WeakMap<object, string> | undefined;
  const compiled = new Map<string, ValidateFunction>();
  return (error) => {
    const list = error.schema;
    addresses ??= schemaAddresses(root);
    const address = Array.isArray(list) ? addresses.get(list) : undefined;
    if (address === undefined) return undefined;
    return (list as unknown[]).map((_, index) => {
      const ref = `${address}/${index}`;
      let validate = compiled.get(ref);
      if (!validate) {
        validate = ajv.compile({ $ref: ref });
        compiled.set(ref, validate);
      }
      return validate;
    });
  };
}

/** `<resource $id>#<pointer>` (a URI fragment: percent-encoded) of every object and list in the schema, by identity. */
function schemaAddresses(root: Record<string, unknown>): WeakMap<object, string> {
  const addresses = new WeakMap<object, string>();
  const visit = (value: unknown, resource: string, pointer: string) => {
    if (typeof value !== "object" || value === null) return;
    if (isObject(value) && typeof value["$id"] === "string") {
      resource = value["$id"].replace(/#$/, "");
      pointer = "";
    }
    // a node shared by several paths (a resolved `$ref`) keeps its first address, and is walked once
    if (addresses.has(value)) return;
    addresses.set(value, `${resource}#${pointer}`);
    for (const [key, child] of Object.entries(value)) visit(child, resource, `${pointer}/${encodeURIComponent(escapeSegment(key))}`);
  };
  visit(root, String(root["$id"]), "");
  return addresses;
}
