/**
 * Structural equality of two resolved schemas (from two catalogs), following `$ref`s and
 * ignoring annotations. It is the fast path: unchanged events (most of a catalog) and `$ref`
 * refactors to an identical schema never reach the subschema checker.
 */
import type { CatalogIR, JsonSchema } from "../../ir/types.js";
import { isObject } from "../../load/json-pointer.js";
import { refName } from "./cursor.js";

/** Keywords that never change which instances are valid. */
const ANNOTATIONS = new Set([
  "title", "description", "$comment", "examples", "example", "default", "deprecated", "readOnly", "writeOnly",
  "externalDocs", "discriminator", "contentMediaType", "contentEncoding", "definitions", "$defs", "$id", "$schema",
]);
const SCHEMA_KEYWORDS = new Set([
  "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else",
]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "dependencies"]);
/** Keywords whose list value is a set. */
const SET_KEYWORDS = new Set(["type", "required", "enum"]);

function isAnnotation(keyword: string): boolean {
  return ANNOTATIONS.has(keyword) || keyword.startsWith("x-");
}

/** Compares schemas of catalog `a` and catalog `b`; remembers named pairs across calls. */
export class SchemaEquality {
  private readonly known = new Map<string, boolean>();
  /** Named pairs being compared (assumed equal meanwhile), with their nesting depth. */
  private readonly assumed = new Map<string, number>();
  /** The shallowest assumption the current comparison relied on. */
  private lowestHit = Infinity;

  constructor(
    private readonly a: CatalogIR,
    private readonly b: CatalogIR,
  ) {}

  same(x: JsonSchema, y: JsonSchema): boolean {
    return this.schema(x, y);
  }

  private schema(x: JsonSchema, y: JsonSchema): boolean {
    const xRef = refOf(x);
    const yRef = refOf(y);
    if (xRef !== undefined || yRef !== undefined) return this.named(x, xRef, y, yRef);
    if (typeof x === "boolean" || typeof y === "boolean") return isTrivial(x) === isTrivial(y) && (isTrivial(x) || x === y);
    const xKeys = assertionKeys(x);
    const yKeys = assertionKeys(y);
    if (xKeys.length !== yKeys.length || xKeys.some((k, i) => k !== yKeys[i])) return false;
    return xKeys.every((key) => this.keyword(key, x[key], y[key]));
  }

  /**
   * Through a `$ref`: coinductive (a pair met again while being compared is assumed equal). A
   * "true" is remembered only when it rests on no assumption from further out, which may still fail.
   */
  private named(x: JsonSchema, xRef: string | undefined, y: JsonSchema, yRef: string | undefined): boolean {
    const key = `${xRef ?? JSON.stringify(x)}\0${yRef ?? JSON.stringify(y)}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const depth = this.assumed.get(key);
    if (depth !== undefined) {
      this.lowestHit = Math.min(this.lowestHit, depth);
      return true;
    }
    const here = this.assumed.size;
    const outer = this.lowestHit;
    this.assumed.set(key, here);
    this.lowestHit = Infinity;
    const result = this.schema(xRef === undefined ? x : resolve(this.a, xRef), yRef === undefined ? y : resolve(this.b, yRef));
    this.assumed.delete(key);
    const reliesOnOuter = this.lowestHit < here;
    if (!result || !reliesOnOuter) this.known.set(key, result);
    this.lowestHit = Math.min(outer, reliesOnOuter ? this.lowestHit : Infinity);
    return result;
  }

  private keyword(key: string, x: unknown, y: unknown): boolean {
    if (SCHEMA_KEYWORDS.has(key) || (key === "items" && !Array.isArray(x) && !Array.isArray(y))) {
      return this.schema(x as JsonSchema, y as JsonSchema);
    }
    if (SCHEMA_LIST_KEYWORDS.has(key) || key === "items") {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      return x.every((item, i) => this.schema(item as JsonSchema, y[i] as JsonSchema));
    }
    if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(x) && isObject(y)) {
      const names = Object.keys(x).sort();
      if (names.join("\0") !== Object.keys(y).sort().join("\0")) return false;
      return names.every((name) =>
        Array.isArray(x[name]) || Array.isArray(y[name]) ? sameJson(x[name], y[name], true) : this.schema(x[name] as JsonSchema, y[name] as JsonSchema),
      );
    }
    return sameJson(x, y, SET_KEYWORDS.has(key));
  }
}

function resolve(ir: CatalogIR, ref: string): JsonSchema {
  const named = ir.schemas[refName(ref)];
  if (!named) throw new Error(`the IR does not define ${ref}`);
  return named.schema;
}

function refOf(schema: JsonSchema): string | undefined {
  return isObject(schema) && typeof schema["$ref"] === "string" ? schema["$ref"] : undefined;
}

const keysCache = new WeakMap<object, string[]>();

function assertionKeys(schema: Record<string, unknown>): string[] {
  let keys = keysCache.get(schema);
  if (!keys) keysCache.set(schema, (keys = Object.keys(schema).filter((k) => !isAnnotation(k)).sort()));
  return keys;
}

/** `true`, `{}` and annotation-only objects all accept everything. */
export function isTrivial(schema: JsonSchema): boolean {
  return schema === true || (isObject(schema) && assertionKeys(schema).length === 0);
}

/** Deep JSON equality; lists compared as sets when `unordered`. */
export function sameJson(x: unknown, y: unknown, unordered = false): boolean {
  if (x === y) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
  if (unordered && Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    const ys = y.map(canonicalJson).sort();
    return x.map(canonicalJson).sort().every((item, i) => item === ys[i]);
  }
  return canonicalJson(x) === canonicalJson(y);
}

/** JSON text with object keys sorted: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
