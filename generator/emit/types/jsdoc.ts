/**
 * JSDoc from catalog text: descriptions, examples, formats, constraints, `deprecated`.
 * The only escaping a comment needs is that nothing inside may close it.
 */
import { isObject } from "../../load/json-pointer.js";
import type { JsonSchema, JsonSchemaObject } from "../../ir/types.js";

/** Keywords that describe a value without constraining it. */
const ANNOTATIONS = new Set(["title", "description", "examples", "example", "default", "deprecated", "readOnly", "writeOnly", "$comment"]);

/** `{ description: "..." }` inside an allOf adds documentation, not a type. */
export function isAnnotationOnly(schema: JsonSchema): boolean {
  return isObject(schema) && Object.keys(schema).every((key) => ANNOTATIONS.has(key) || key.startsWith("x-"));
}

/** Makes text safe inside a `/** … *\/` block comment and splits it into lines. */
export function commentLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\*\//g, "*\\/")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""));
}

const CONSTRAINTS = ["pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems"];

/** JSDoc lines for a schema node: title/description, format, constraints, default, examples, deprecated. */
export function jsdocLines(schema: JsonSchemaObject): string[] {
  const lines: string[] = [];
  // `allOf: [{ $ref }, { description }]` is how a property documents a shared type
  const annotations = Array.isArray(schema["allOf"]) ? schema["allOf"].filter(isAnnotationOnly) : [];
  for (const source of [schema, ...annotations] as JsonSchemaObject[]) {
    for (const key of ["title", "description"] as const) {
      const text = source[key];
      if (typeof text === "string" && text.trim() !== "" && !(key === "title" && text === source["description"])) {
        lines.push(...commentLines(text.trim()));
      }
    }
  }
  const tag = (name: string, value: unknown) => lines.push(...commentLines(`@${name} ${typeof value === "string" ? value : JSON.stringify(value)}`));
  if (typeof schema["format"] === "string") tag("format", schema["format"]);
  for (const key of CONSTRAINTS) if (schema[key] !== undefined) tag(key, schema[key]);
  if (schema["default"] !== undefined) tag("default", JSON.stringify(schema["default"]));
  const examples = Array.isArray(schema["examples"]) ? schema["examples"] : schema["example"] !== undefined ? [schema["example"]] : [];
  for (const example of examples) tag("example", JSON.stringify(example));
  if (schema["deprecated"] === true) lines.push("@deprecated");
  return lines;
}
