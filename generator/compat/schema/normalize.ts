/**
 * Schema -> normal form (see norm.ts). Only assertion keywords of draft-07 are read;
 * annotations (`description`, `default`, `examples`...) never change the result, so a
 * `default` can never make a missing required property valid.
 */
import type { JsonSchema } from "../../ir/types.js";
import { isObject } from "../../load/json-pointer.js";
import { child, cursorKey, deref, subOf, synthetic, type Cursor, type Sub } from "./cursor.js";
import { intersectNorm, unionNorm } from "./intersect.js";
import { negateNorm } from "./negate.js";
import { ALT_TYPES, EMPTY_NORM, tighterMax, tighterMin, topAlt, type Alt, type AltType, type Bound, type Norm, type ObjectPart } from "./norm.js";
import { isNumberFormat } from "./formats.js";
import { isTrivial, sameJson } from "./schema-equal.js";

/** Normalizes Subs; caches per node and path (recursion stays lazy below properties/items). */
export class Normalizer {
  private readonly cache = new Map<string, Norm>();
  private readonly active = new Set<string>();

  sub(sub: Sub): Norm {
    let result: Norm | undefined;
    for (const part of sub.parts) {
      const norm = this.cursor(part.cursor);
      const next = part.negated ? negateNorm(norm, part.cursor) : norm;
      result = result ? intersectNorm(result, next) : next;
    }
    if (!result) throw new Error("internal: a Sub without parts");
    return result;
  }

  cursor(start: Cursor): Norm {
    const cursor = deref(start);
    const key = `${cursorKey(cursor)}@${cursor.path}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (this.active.has(key)) {
      throw new Error(`${cursor.side.label} catalog: the schema at ${cursor.path || "/"} contains itself without descending into a property or item`);
    }
    this.active.add(key);
    try {
      const norm = this.build(cursor);
      this.cache.set(key, norm);
      return norm;
    } finally {
      this.active.delete(key);
    }
  }

  private build(cursor: Cursor): Norm {
    const schema = cursor.schema;
    if (schema === false) return EMPTY_NORM;
    if (!isObject(schema) || isTrivial(schema)) return topNorm(cursor);
    let norm: Norm = { alts: baseAlts(cursor, schema), groups: [] };
    const list = (keyword: string): Norm[] => {
      const items = schema[keyword];
      return Array.isArray(items) ? items.map((item, i) => this.cursor(child(cursor, item as JsonSchema, [keyword, i], ""))) : [];
    };
    const one = (keyword: string): Norm | undefined =>
      keyword in schema ? this.cursor(child(cursor, schema[keyword] as JsonSchema, [keyword], "")) : undefined;
    for (const part of list("allOf")) norm = intersectNorm(norm, part);
    if (Array.isArray(schema["anyOf"])) norm = intersectNorm(norm, unionNorm(list("anyOf")));
    if (Array.isArray(schema["oneOf"])) {
      const branches = list("oneOf");
      norm = intersectNorm(norm, unionNorm(branches));
      const group = { branches, cursor: child(cursor, { oneOf: schema["oneOf"] }, ["oneOf"], "") };
      if (branches.length > 1) norm = { ...norm, groups: [...norm.groups, group] };
    }
    const not = one("not");
    if (not) norm = intersectNorm(norm, negateNorm(not, child(cursor, schema["not"] as JsonSchema, ["not"], "")));
    const condition = one("if");
    if (condition) {
      const ifCursor = child(cursor, schema["if"] as JsonSchema, ["if"], "");
      const then = one("then") ?? topNorm(cursor);
      const otherwise = one("else") ?? topNorm(cursor);
      norm = intersectNorm(norm, unionNorm([intersectNorm(condition, then), intersectNorm(negateNorm(condition, ifCursor), otherwise)]));
    }
    return norm;
  }
}

function topNorm(origin: Cursor): Norm {
  return { alts: ALT_TYPES.map((type) => topAlt(type, origin)), groups: [] };
}

function baseAlts(cursor: Cursor, schema: Record<string, unknown>): Alt[] {
  let types = declaredTypes(schema["type"]);
  // const and enum both apply: the allowed values are those in both
  let values = Array.isArray(schema["enum"]) ? (schema["enum"] as unknown[]) : undefined;
  if ("const" in schema) values = (values ?? [schema["const"]]).filter((v) => sameJson(v, schema["const"]));
  if (values) types = types.filter((type) => values.some((v) => typeOfValue(v) === type || (type === "integer" && Number.isInteger(v))));
  const alts: Alt[] = [];
  for (const type of new Set(types.map((t) => (t === "integer" ? "number" : t)))) {
    const alt = topAlt(type, cursor);
    if (values) alt.enum = values.filter((v) => typeOfValue(v) === type);
    if (alt.type === "number") {
      alt.integer = !types.includes("number");
      readNumber(alt, schema);
    } else if (alt.type === "string") {
      if (typeof schema["minLength"] === "number") alt.minLength = schema["minLength"];
      if (typeof schema["maxLength"] === "number") alt.maxLength = schema["maxLength"];
      if (typeof schema["pattern"] === "string") alt.patterns = [schema["pattern"]];
      if (typeof schema["format"] === "string" && !isNumberFormat(schema["format"])) alt.formats = [schema["format"]];
    } else if (alt.type === "array") {
      readArray(alt, cursor, schema);
    } else if (alt.type === "object") {
      readObject(alt, cursor, schema);
    }
    alts.push(alt);
  }
  return alts;
}

type DeclaredType = AltType | "integer";
const ALL_TYPES: DeclaredType[] = [...ALT_TYPES];

function declaredTypes(type: unknown): DeclaredType[] {
  const known = (t: unknown): t is DeclaredType => typeof t === "string" && (ALL_TYPES.includes(t as DeclaredType) || t === "integer");
  if (typeof type === "string") return known(type) ? [type] : [];
  if (Array.isArray(type)) return type.filter(known);
  return ALL_TYPES;
}

export function typeOfValue(value: unknown): AltType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  if (type === "boolean" || type === "number" || type === "string") return type;
  return "object";
}

function readNumber(alt: Extract<Alt, { type: "number" }>, schema: Record<string, unknown>): void {
  const num = (key: string) => (typeof schema[key] === "number" ? (schema[key] as number) : undefined);
  // draft-04 style `exclusiveMinimum: true` turns `minimum` exclusive; draft-06+ gives the bound itself
  const lower: Bound[] = [];
  const upper: Bound[] = [];
  const min = num("minimum");
  const max = num("maximum");
  if (min !== undefined) lower.push({ value: min, exclusive: schema["exclusiveMinimum"] === true });
  if (max !== undefined) upper.push({ value: max, exclusive: schema["exclusiveMaximum"] === true });
  const exMin = num("exclusiveMinimum");
  const exMax = num("exclusiveMaximum");
  if (exMin !== undefined) lower.push({ value: exMin, exclusive: true });
  if (exMax !== undefined) upper.push({ value: exMax, exclusive: true });
  for (const bound of lower) alt.min = tighterMin(alt.min, bound)!;
  for (const bound of upper) alt.max = tighterMax(alt.max, bound)!;
  if (typeof schema["format"] === "string" && isNumberFormat(schema["format"])) alt.formats = [schema["format"]];
  const multipleOf = num("multipleOf");
  if (multipleOf !== undefined && multipleOf > 0) alt.multipleOf = [multipleOf];
}


function readArray(alt: Extract<Alt, { type: "array" }>, cursor: Cursor, schema: Record<string, unknown>): void {
  const items = schema["items"];
  if (Array.isArray(items)) {
    alt.prefix = items.map((item, i) => subOf(child(cursor, item as JsonSchema, ["items", i], `/${i}`)));
    alt.rest = "additionalItems" in schema
      ? subOf(child(cursor, schema["additionalItems"] as JsonSchema, ["additionalItems"], "/*"))
      : absent(cursor, "additionalItems", true, "/*");
  } else {
    alt.rest = items === undefined ? absent(cursor, "items", true, "/*") : subOf(child(cursor, items as JsonSchema, ["items"], "/*"));
  }
  if (typeof schema["minItems"] === "number") alt.minItems = schema["minItems"];
  if (typeof schema["maxItems"] === "number") alt.maxItems = schema["maxItems"];
  alt.unique = schema["uniqueItems"] === true;
  if ("contains" in schema) alt.contains = [subOf(child(cursor, schema["contains"] as JsonSchema, ["contains"], "/*"))];
}

function readObject(alt: Extract<Alt, { type: "object" }>, cursor: Cursor, schema: Record<string, unknown>): void {
  const part: ObjectPart = { origin: cursor, properties: new Map(), patterns: [] };
  const properties = schema["properties"];
  if (isObject(properties)) {
    for (const [name, value] of Object.entries(properties)) {
      part.properties.set(name, subOf(child(cursor, value as JsonSchema, ["properties", name], `/${name}`)));
    }
  }
  const patterns = schema["patternProperties"];
  if (isObject(patterns)) {
    for (const [source, value] of Object.entries(patterns)) {
      part.patterns.push({ source, sub: subOf(child(cursor, value as JsonSchema, ["patternProperties", source], "/*")) });
    }
  }
  if ("additionalProperties" in schema && !isTrivial(schema["additionalProperties"] as JsonSchema)) {
    part.additional = subOf(child(cursor, schema["additionalProperties"] as JsonSchema, ["additionalProperties"], "/*"));
  }
  alt.parts = [part];
  if (Array.isArray(schema["required"])) alt.required = [...new Set(schema["required"].filter((k): k is string => typeof k === "string"))];
  if (typeof schema["minProperties"] === "number") alt.minProperties = schema["minProperties"];
  if (typeof schema["maxProperties"] === "number") alt.maxProperties = schema["maxProperties"];
  const dependencies = schema["dependencies"];
  if (isObject(dependencies)) {
    for (const [key, value] of Object.entries(dependencies)) {
      if (Array.isArray(value)) alt.dependentRequired.push({ key, requires: value.filter((k): k is string => typeof k === "string") });
      else alt.dependentSchemas.push({ key, sub: subOf(child(cursor, value as JsonSchema, ["dependencies", key], "")) });
    }
  }
  if ("propertyNames" in schema) alt.propertyNames = [subOf(child(cursor, schema["propertyNames"] as JsonSchema, ["propertyNames"], "/<name>"))];
}

/** A keyword that is not written: a synthetic node with its default meaning. */
export function absent(cursor: Cursor, keyword: string, value: boolean, data: string): Sub {
  return subOf(synthetic(cursor, "absent", value, [keyword], data));
}
