/**
 * Words for the ajv errors worth showing (see `pick-errors`): what is wrong, and which value
 * to point at. Shared by the AsyncAPI schema check and the example check.
 */
import type { ErrorObject } from "ajv";
import { escapeSegment, isObject, parsePointer } from "../load/json-pointer.js";

export interface Finding {
  /** The value the finding is about (JSON Pointer into the validated data). */
  instancePath: string;
  /** Where to point: the value itself, or the offending key of an object. */
  at: string;
  text: string;
}

export function describeErrors(errors: readonly ErrorObject[], valueAt: (instancePath: string) => unknown): Finding[] {
  const out: Finding[] = [];
  const types = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === "type") {
      types.set(e.instancePath, [...(types.get(e.instancePath) ?? []), ...[e.params["type"]].flat().map(String)]);
      continue;
    }
    out.push({ instancePath: e.instancePath, ...describe(e, valueAt(e.instancePath)) });
  }
  // alternatives that all want another type of value: one finding naming every type
  for (const [path, wanted] of types) {
    const text = `must be ${orList([...new Set(wanted)].map(typeName))}, not ${valueKind(valueAt(path))}`;
    out.push({ instancePath: path, at: path, text });
  }
  return out;
}

function describe(e: ErrorObject, value: unknown): { at: string; text: string } {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath;
  switch (e.keyword) {
    case "required":
      return { at, text: `missing required property \`${String(p["missingProperty"])}\`` };
    case "additionalProperties":
      return { at: `${at}/${escapeSegment(String(p["additionalProperty"]))}`, text: `unknown property \`${String(p["additionalProperty"])}\`` };
    case "propertyNames":
      return { at: `${at}/${escapeSegment(String(p["propertyName"]))}`, text: `invalid key \`${String(p["propertyName"])}\`` };
    case "enum":
      return { at, text: `must be ${orList((p["allowedValues"] as unknown[]).map(show))}, not ${show(value)}` };
    case "const":
      return { at, text: `must be ${show(p["allowedValue"])}, not ${show(value)}` };
    case "format":
      return { at, text: `must be a valid ${String(p["format"])}, not ${show(value)}` };
    case "pattern":
      return { at, text: `must match the pattern ${String(p["pattern"])}, not ${show(value)}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { at, text: `must be ${BOUNDS[e.keyword]} ${String(p["limit"])}, not ${show(value)}` };
    case "minLength":
    case "maxLength":
      return { at, text: `must be at ${e.keyword === "minLength" ? "least" : "most"} ${String(p["limit"])} characters long, not ${show(value)}` };
    case "minItems":
    case "maxItems":
      return { at, text: `must have at ${e.keyword === "minItems" ? "least" : "most"} ${String(p["limit"])} items` };
    case "multipleOf":
      return { at, text: `must be a multiple of ${String(p["multipleOf"])}, not ${show(value)}` };
    case "uniqueItems":
      return { at, text: `items ${String(p["j"])} and ${String(p["i"])} are the same; items must be unique` };
    case "oneOf":
      return Array.isArray(p["passingSchemas"])
        ? { at, text: "is ambiguous: it matches more than one of the allowed forms" }
        : { at, text: "does not match any of the allowed forms" };
    case "anyOf":
    case "if":
      return { at, text: "does not match any of the allowed forms" };
    case "false schema":
      return { at, text: "is not allowed here" };
    default:
      return { at, text: e.message ?? `fails ${e.keyword}` };
  }
}

/** `channels.userSignedUp.messages["a/b"][0]`: a JSON Pointer as a human reads a path. */
export function dottedPath(pointer: string, root = ""): string {
  let out = root;
  for (const s of parsePointer(pointer) ?? []) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

const BOUNDS: Record<string, string> = { minimum: ">=", maximum: "<=", exclusiveMinimum: ">", exclusiveMaximum: "<" };

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function orList(items: string[]): string {
  if (items.length > 12) return `one of ${items.slice(0, 12).join(", ")}, ...`;
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  null: "null",
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function valueKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isObject(value)) return "a mapping";
  if (typeof value === "string") return `a string (${show(value)})`;
  if (typeof value === "number") return `a number (${value})`;
  return typeof value === "boolean" ? `${value}` : typeof value;
}
