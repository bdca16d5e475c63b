/**
 * An example value generated from a schema, for events whose catalog has no example. It
 * honours types, formats, enums and const, numeric and length bounds, patterns, required
 * properties, named schemas (`$ref`), `allOf` (merged) and `oneOf`/`anyOf` (branch chosen by
 * `variant`). An author's `examples`/`default` is used first. The value is a candidate: the
 * caller checks it with ajv and tries other variants when it does not validate.
 */
import { defName } from "../../ir/standalone-schema.js";
import type { CatalogIR, JsonSchema, JsonSchemaObject } from "../../ir/types.js";
import { isObject } from "../../load/json-pointer.js";
import { sampleForPattern } from "./pattern-sampler.js";

export interface SampleOptions {
  /** Which oneOf/anyOf branch to take (modulo the branch count). */
  variant: number;
  /** Include optional properties (near the root) as well as required ones. */
  optional: boolean;
}

const FORMATS: Record<string, string> = {
  "date-time": "2026-01-27T10:00:00Z", date: "2026-01-27", time: "10:00:00Z", duration: "PT15M",
  email: "jane.doe@example.com", "idn-email": "jane.doe@example.com", hostname: "api.example.com", "idn-hostname": "api.example.com",
  ipv4: "203.0.113.7", ipv6: "2001:db8::7", uri: "https://example.com/resource/42", "uri-reference": "/resource/42",
  iri: "https://example.com/resource/42", "iri-reference": "/resource/42", url: "https://example.com/resource/42",
  "uri-template": "https://example.com/{id}", uuid: "3f2b8c1e-9d4a-4c7b-8e2f-5a6b7c8d9e0f", "json-pointer": "/data/0",
  "relative-json-pointer": "0/data", regex: "^[a-z]+$", byte: "ZXhhbXBsZQ==", binary: "example", password: "s3cret-Passw0rd",
};
/** Deeper than this, only required properties are sampled; recursion stops after two laps. */
const OPTIONAL_DEPTH = 3;
const MAX_DEPTH = 12;

export function sampleSchema(ir: Pick<CatalogIR, "schemas">, schema: JsonSchema, options: SampleOptions): unknown {
  return new Sampler(ir, options).value(schema, "value", 0, []);
}

class Sampler {
  constructor(
    private readonly ir: Pick<CatalogIR, "schemas">,
    private readonly options: SampleOptions,
  ) {}

  value(schema: JsonSchema, hint: string, depth: number, stack: string[]): unknown {
    if (schema === false || depth > MAX_DEPTH) return undefined;
    if (schema === true) return hint;
    const { merged, names } = this.flatten(schema, stack);
    if (names.some((name) => stack.filter((n) => n === name).length >= 2)) return undefined;
    const inner = [...stack, ...names];
    if ("const" in merged) return merged["const"];
    if (Array.isArray(merged["enum"]) && merged["enum"].length > 0) return merged["enum"][0];
    if (Array.isArray(merged["examples"]) && merged["examples"].length > 0) return merged["examples"][0];
    if ("default" in merged) return merged["default"];
    for (const kind of ["oneOf", "anyOf"] as const) {
      const branches = merged[kind];
      if (Array.isArray(branches) && branches.length > 0) {
        const { [kind]: _, ...rest } = merged;
        const branch = branches[this.options.variant % branches.length] as JsonSchema;
        return this.value({ allOf: [rest, branch] }, hint, depth, inner);
      }
    }
    switch (typeOf(merged)) {
      case "object":
        return this.object(merged, depth, inner);
      case "array":
        return this.array(merged, hint, depth, inner);
      case "string":
        return stringValue(merged, hint);
      case "integer":
        return numberValue(merged, true);
      case "number":
        return numberValue(merged, false);
      case "boolean":
        return true;
      case "null":
        return null;
      default:
        return hint;
    }
  }

  /** `$ref`s resolved and `allOf` merged into one schema object; the named schemas it went through. */
  private flatten(schema: JsonSchemaObject, stack: string[]): { merged: JsonSchemaObject; names: string[] } {
    const names: string[] = [];
    const merged: JsonSchemaObject = {};
    const absorb = (node: JsonSchema) => {
      if (typeof node === "boolean") return;
      const name = defName(node["$ref"]);
      if (name !== undefined && this.ir.schemas[name]) {
        names.push(name);
        if (stack.filter((n) => n === name).length < 2) absorb(this.ir.schemas[name].schema);
      }
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" || key === "allOf") continue;
        if (key === "properties" && isObject(value)) merged[key] = mergeProperties(merged[key], value);
        else if (key === "required" && Array.isArray(value)) merged[key] = [...new Set([...((merged[key] as string[]) ?? []), ...value])];
        else if (key === "type" && merged[key] !== undefined) merged[key] = intersectTypes(merged[key], value);
        else if (!(key in merged)) merged[key] = value;
      }
      if (Array.isArray(node["allOf"])) for (const branch of node["allOf"]) absorb(branch as JsonSchema);
    };
    absorb(schema);
    return { merged, names };
  }

  private object(schema: JsonSchemaObject, depth: number, stack: string[]): Record<string, unknown> {
    const properties = isObject(schema["properties"]) ? (schema["properties"] as Record<string, JsonSchema>) : {};
    const required = new Set(Array.isArray(schema["required"]) ? schema["required"].map(String) : []);
    const wanted = Object.keys(properties).filter((key) => required.has(key) || (this.options.optional && depth < OPTIONAL_DEPTH));
    const out: Record<string, unknown> = {};
    for (const key of wanted) {
      const value = this.value(properties[key]!, key, depth + 1, stack);
      if (value !== undefined) out[key] = value;
    }
    // required names without a declared schema follow additionalProperties
    const extra = isObject(schema["additionalProperties"]) ? (schema["additionalProperties"] as JsonSchema) : true;
    for (const key of required) if (!(key in out)) out[key] = this.value(extra, key, depth + 1, stack) ?? key;
    const min = typeof schema["minProperties"] === "number" ? schema["minProperties"] : 0;
    for (const key of Object.keys(properties)) {
      if (Object.keys(out).length >= min) break;
      if (!(key in out)) out[key] = this.value(properties[key]!, key, depth + 1, stack);
    }
    for (let n = 1; Object.keys(out).length < min; n++) out[`key${n}`] = this.value(extra, `key${n}`, depth + 1, stack);
    return out;
  }

  private array(schema: JsonSchemaObject, hint: string, depth: number, stack: string[]): unknown[] {
    const items = schema["items"];
    if (Array.isArray(items)) return items.map((item, index) => this.value(item as JsonSchema, `${hint}${index}`, depth + 1, stack));
    const min = typeof schema["minItems"] === "number" ? schema["minItems"] : 0;
    const max = typeof schema["maxItems"] === "number" ? schema["maxItems"] : Infinity;
    const count = Math.min(Math.max(min, 1), max);
    const item = (items ?? true) as JsonSchema;
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const value = new Sampler(this.ir, { ...this.options, variant: this.options.variant + i }).value(item, hint.replace(/s$/, ""), depth + 1, stack);
      if (value === undefined) break;
      out.push(schema["uniqueItems"] === true && typeof value === "string" && i > 0 ? `${value}${i + 1}` : value);
    }
    return out;
  }
}

function typeOf(schema: JsonSchemaObject): string | undefined {
  const type = schema["type"];
  const types = Array.isArray(type) ? (type as string[]) : typeof type === "string" ? [type] : [];
  const chosen = types.find((t) => t !== "null") ?? types[0];
  if (chosen !== undefined) return chosen;
  if (isObject(schema["properties"]) || schema["required"] !== undefined || isObject(schema["additionalProperties"])) return "object";
  if (schema["items"] !== undefined) return "array";
  if (typeof schema["format"] === "string" || typeof schema["pattern"] === "string" || schema["minLength"] !== undefined) return "string";
  if (schema["minimum"] !== undefined || schema["maximum"] !== undefined || schema["multipleOf"] !== undefined) return "number";
  return undefined;
}

function mergeProperties(have: unknown, add: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(isObject(have) ? have : {}) };
  for (const [key, value] of Object.entries(add)) out[key] = key in out ? { allOf: [out[key], value] } : value;
  return out;
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const list = (t: unknown) => (Array.isArray(t) ? t : [t]);
  const both = list(a).filter((t) => list(b).includes(t) || (t === "integer" && list(b).includes("number")));
  return both.length > 0 ? both : a;
}

function stringValue(schema: JsonSchemaObject, hint: string): string {
  const min = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
  const max = typeof schema["maxLength"] === "number" ? schema["maxLength"] : Infinity;
  const fits = (text: string) => text.length >= min && text.length <= max;
  const format = typeof schema["format"] === "string" ? FORMATS[schema["format"]] : undefined;
  // a format sample of the wrong length falls through to plain text of the right one
  if (format !== undefined && fits(format)) return format;
  if (typeof schema["pattern"] === "string") {
    const matched = sampleForPattern(schema["pattern"]);
    if (matched !== undefined) return matched;
  }
  let text = hint;
  while (text.length < min) text += text.length === 0 ? "x" : text;
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

function numberValue(schema: JsonSchemaObject, integer: boolean): number {
  const step = typeof schema["multipleOf"] === "number" && schema["multipleOf"] > 0 ? schema["multipleOf"] : integer ? 1 : undefined;
  const bound = (inclusive: string, exclusive: string, direction: 1 | -1): number | undefined => {
    const candidates: number[] = [];
    if (typeof schema[inclusive] === "number") candidates.push(schema[inclusive]);
    // draft-04 booleans next to minimum/maximum, draft-06+ numbers
    if (schema[exclusive] === true && typeof schema[inclusive] === "number") candidates[0] = schema[inclusive] + direction * (step ?? 0.5);
    if (typeof schema[exclusive] === "number") candidates.push(schema[exclusive] + direction * (step ?? 0.5));
    if (candidates.length === 0) return undefined;
    return direction === 1 ? Math.max(...candidates) : Math.min(...candidates);
  };
  const low = bound("minimum", "exclusiveMinimum", 1);
  const high = bound("maximum", "exclusiveMaximum", -1);
  let value = low ?? (high !== undefined ? Math.min(high, integer ? 1 : 1.5) : integer ? 1 : 1.5);
  if (step !== undefined) value = Number((Math.ceil(value / step) * step).toPrecision(12));
  if (integer) value = Math.ceil(value);
  return value;
}
