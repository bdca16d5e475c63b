/**
 * Turns schema nodes of the loaded catalog into IR schemas: plain JSON Schema where every
 * `$ref` has become `{ "$ref": "#/$defs/<Name>" }` to a named schema. Naming happens once all
 * schemas are known, so a name never depends on which event happened to be resolved first.
 */
import { escapeSegment, isObject, parsePointer } from "../load/json-pointer.js";
import type { LoadedCatalog, NodeRef } from "../load/types.js";
import { SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from "../schema/keywords.js";
import type { JsonSchema, NamedSchemaIR, SchemaIR, SourceLocation } from "./types.js";

/** Identity keywords made meaningless by resolution. */
const DROPPED_KEYWORDS = new Set(["$id", "$schema"]);
/** Pointer segments that say where a schema sits rather than what it is. */
const STRUCTURAL_SEGMENTS = new Set([
  ...SCHEMA_KEYWORDS, ...SCHEMA_LIST_KEYWORDS, ...SCHEMA_MAP_KEYWORDS, "components", "schemas", "schema", "messages", "channels",
]);

const PLACEHOLDER = "\u0000def:";

export class SchemaResolver {
  /** Target `file#pointer` -> its resolved schema (placeholder refs until `finish`). */
  private readonly defs = new Map<string, { node: NodeRef; ir: SchemaIR }>();
  private readonly resolving = new Set<string>();

  constructor(private readonly catalog: LoadedCatalog) {}

  /** Resolves the schema at `node` (which may itself be a `$ref`). */
  resolve(node: NodeRef): SchemaIR {
    const locations: Record<string, SourceLocation> = {};
    const schema = this.convert(node, "", locations);
    return { schema, locations };
  }

  /**
   * Assigns final names and rewrites every placeholder reference, in `schemas` (the IRs that
   * `resolve` returned) and in the named schemas themselves. Returns the named schemas by name.
   */
  finish(schemas: readonly SchemaIR[]): Record<string, NamedSchemaIR> {
    const names = this.assignNames();
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (!isObject(value)) return value;
      const ref = value["$ref"];
      if (typeof ref === "string" && ref.startsWith(PLACEHOLDER)) {
        return { ...value, $ref: `#/$defs/${escapeSegment(names.get(ref.slice(PLACEHOLDER.length)) ?? "unresolved")}` };
      }
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) out[key] = rewrite(child);
      return out;
    };
    for (const ir of schemas) ir.schema = rewrite(ir.schema) as JsonSchema;
    const named: Record<string, NamedSchemaIR> = {};
    for (const [key, { node, ir }] of [...this.defs].sort(([a], [b]) => names.get(a)!.localeCompare(names.get(b)!))) {
      const name = names.get(key)!;
      named[name] = {
        name,
        source: `${node.file}#${node.pointer}`,
        location: this.catalog.locate(node),
        schema: rewrite(ir.schema) as JsonSchema,
        locations: ir.locations,
      };
    }
    return named;
  }

  private convert(node: NodeRef, pointer: string, locations: Record<string, SourceLocation>): JsonSchema {
    locations[pointer] = this.catalog.locate(node);
    const value = this.catalog.get(node);
    if (typeof value === "boolean") return value;
    if (!isObject(value)) return {};
    if (typeof value["$ref"] === "string") return { $ref: PLACEHOLDER + this.define(node) };
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (DROPPED_KEYWORDS.has(key)) continue;
      const at = (...segments: (string | number)[]) => ({
        node: { file: node.file, pointer: node.pointer + segments.map((s) => "/" + escapeSegment(String(s))).join("") },
        pointer: pointer + segments.map((s) => "/" + escapeSegment(String(s))).join(""),
      });
      if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(child)) {
        out[key] = child.map((_, index) => {
          const next = at(key, index);
          return this.convert(next.node, next.pointer, locations);
        });
      } else if (SCHEMA_KEYWORDS.has(key)) {
        const next = at(key);
        out[key] = this.convert(next.node, next.pointer, locations);
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(child)) {
        const map: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(child)) {
          // draft-07 `dependencies` may map to a list of property names instead of a schema
          if (key === "dependencies" && Array.isArray(sub)) {
            map[name] = [...sub];
            continue;
          }
          const next = at(key, name);
          map[name] = this.convert(next.node, next.pointer, locations);
        }
        out[key] = map;
      } else {
        // compat points a "became required" finding at the `required` list itself
        if (key === "required") locations[at(key).pointer] = this.catalog.locate(at(key).node);
        out[key] = structuredClone(child);
      }
    }
    return out;
  }

  /** Registers the named schema a `$ref` node leads to; returns its key. */
  private define(refNode: NodeRef): string {
    const target = this.catalog.deref(refNode);
    if (!target) return "\u0000unresolved"; // reported by the loader; never emitted (catalog has errors)
    const key = `${target.file}#${target.pointer}`;
    if (!this.defs.has(key) && !this.resolving.has(key)) {
      this.resolving.add(key);
      const ir = this.resolve(target);
      this.defs.set(key, { node: target, ir });
      this.resolving.delete(key);
    }
    return key;
  }

  private assignNames(): Map<string, string> {
    const wanted = new Map<string, string[]>();
    for (const [key, { node }] of [...this.defs].sort(([a], [b]) => a.localeCompare(b))) {
      const name = preferredName(node, this.catalog.get(node));
      wanted.set(name, [...(wanted.get(name) ?? []), key]);
    }
    const names = new Map<string, string>();
    const taken = new Set(wanted.keys());
    for (const [name, keys] of wanted) {
      keys.forEach((key, index) => {
        if (index === 0) return names.set(key, name);
        let n = index + 1;
        while (taken.has(`${name}${n}`)) n++;
        taken.add(`${name}${n}`);
        names.set(key, `${name}${n}`);
      });
    }
    return names;
  }
}

/**
 * The name a schema is known by: its component key (`components/schemas/Address` -> Address,
 * `schemas.yaml#/Address` -> Address), else the last meaningful pointer segment
 * (`.../messages/userSignedUp/payload` -> userSignedUpPayload), else its title.
 */
function preferredName(node: NodeRef, value: unknown): string {
  const segments = parsePointer(node.pointer) ?? [];
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (segment === "payload" || segment === "headers") {
      const owner = segments[i - 1];
      if (owner !== undefined && !/^\d+$/.test(owner)) return owner + capitalize(segment);
      continue;
    }
    if (STRUCTURAL_SEGMENTS.has(segment) || /^\d+$/.test(segment)) continue;
    return segment;
  }
  if (isObject(value) && typeof value["title"] === "string" && value["title"].trim() !== "") return value["title"];
  return node.file.replace(/^.*\//, "").replace(/\.[^.]+$/, "") || "Schema";
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
