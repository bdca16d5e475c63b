/**
 * JSON Schema -> TypeScript type, written through ts-morph's CodeBlockWriter so nested object
 * types indent like hand-written code. Catalog text only ever lands inside JSDoc (escaped by
 * `jsdoc`) or inside string literals (`JSON.stringify`), never as code.
 */
import type { CodeBlockWriter, WriterFunction } from "ts-morph";
import { isObject } from "../../load/json-pointer.js";
import type { JsonSchema, JsonSchemaObject } from "../../ir/types.js";
import { defName } from "../../ir/standalone-schema.js";
import { isAnnotationOnly, jsdocLines } from "./jsdoc.js";

export interface TypeContext {
  /** TS type name for a `#/$defs/<Name>` reference. */
  refType(schemaName: string): string;
}

const PRIMITIVES: Record<string, string> = {
  string: "string",
  number: "number",
  integer: "number",
  boolean: "boolean",
  null: "null",
};

export function typeWriter(schema: JsonSchema, context: TypeContext): WriterFunction {
  return (writer) => writeType(writer, schema, context);
}

/** Whether a schema is best declared as an interface (a plain object shape, nothing else). */
export function isInterfaceShape(schema: JsonSchema): schema is JsonSchemaObject {
  if (!isObject(schema) || schema["$ref"] !== undefined) return false;
  if (["oneOf", "anyOf", "allOf", "enum", "const", "not"].some((key) => schema[key] !== undefined)) return false;
  const types = typeList(schema);
  return (types.length === 0 && isObject(schema["properties"])) || (types.length === 1 && types[0] === "object");
}

export function writeType(writer: CodeBlockWriter, schema: JsonSchema, context: TypeContext): void {
  if (schema === true) return void writer.write("unknown");
  if (schema === false) return void writer.write("never");
  const ref = schema["$ref"];
  if (ref !== undefined) return void writer.write(refName(ref, context));

  const combinators: WriterFunction[] = [];
  for (const key of ["oneOf", "anyOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      combinators.push((w) => joined(w, branches as JsonSchema[], " | ", context, true));
    }
  }
  const allOf = schema["allOf"];
  if (Array.isArray(allOf)) {
    for (const member of (allOf as JsonSchema[]).filter((m) => !isAnnotationOnly(m))) {
      combinators.push((w) => writeParenthesized(w, member, context));
    }
  }

  const base = baseWriter(schema, context, combinators.length > 0);
  const parts = base ? [base, ...combinators] : combinators;
  if (parts.length === 0) return void writer.write("unknown");
  if (parts.length === 1) return parts[0]!(writer);
  parts.forEach((part, index) => {
    if (index > 0) writer.write(" & ");
    const text = writerText(writer, part);
    writer.write(hasTopLevel(text, "|") ? `(${text})` : text);
  });
}


/** The type the schema's own keywords describe; undefined when it has none (pure combinator). */
function baseWriter(schema: JsonSchemaObject, context: TypeContext, hasCombinators: boolean): WriterFunction | undefined {
  if ("const" in schema) return (w) => void w.write(literal(schema["const"]));
  if (Array.isArray(schema["enum"])) {
    const values = schema["enum"] as unknown[];
    return (w) => void w.write(values.length === 0 ? "never" : values.map(literal).join(" | "));
  }
  const types = typeList(schema);
  const looksObject = isObject(schema["properties"]) || schema["additionalProperties"] !== undefined || isObject(schema["patternProperties"]);
  const looksArray = schema["items"] !== undefined;
  if (types.length === 0) {
    if (looksObject) return (w) => writeObject(w, schema, context);
    if (looksArray) return (w) => writeArray(w, schema, context);
    return hasCombinators ? undefined : (w) => void w.write("unknown");
  }
  return (w) =>
    types.forEach((type, index) => {
      if (index > 0) w.write(" | ");
      if (type === "object") writeObject(w, schema, context);
      else if (type === "array") writeArray(w, schema, context);
      else w.write(PRIMITIVES[type] ?? "unknown");
    });
}

function writeObject(writer: CodeBlockWriter, schema: JsonSchemaObject, context: TypeContext): void {
  const members = objectMembers(schema, context);
  if (members.properties.length === 0 && !members.index) return void writer.write("Record<string, never>");
  if (members.properties.length === 0 && members.index) {
    writer.write("Record<string, ");
    members.index(writer);
    return void writer.write(">");
  }
  writer.write("{").newLine();
  writer.indent(() => {
    for (const property of members.properties) {
      writeDocs(writer, property.docs);
      writer.write(`${property.name}${property.optional ? "?" : ""}: `);
      property.type(writer);
      writer.write(";").newLine();
    }
    if (members.index) {
      writer.write("[key: string]: ");
      members.index(writer);
      writer.write(";").newLine();
    }
  });
  writer.write("}");
}

export interface ObjectMembers {
  properties: Array<{ name: string; optional: boolean; type: WriterFunction; docs: string[] }>;
  /** The index signature's value type, when undeclared properties are allowed explicitly. */
  index?: WriterFunction;
}

/**
 * Properties and index signature of an object schema. An open object (`additionalProperties`
 * absent) gets no index signature: typos stay compile errors for producers. An explicit
 * `additionalProperties: true` or schema does get one (`unknown` when declared properties
 * would not fit the additional-properties type).
 */
export function objectMembers(schema: JsonSchemaObject, context: TypeContext): ObjectMembers {
  const properties = isObject(schema["properties"]) ? (schema["properties"] as Record<string, JsonSchema>) : {};
  const required = new Set(Array.isArray(schema["required"]) ? (schema["required"] as string[]) : []);
  const members: ObjectMembers = {
    properties: Object.entries(properties).map(([name, property]) => ({
      name: propertyName(name),
      optional: !required.has(name),
      type: typeWriter(property, context),
      docs: isObject(property) ? jsdocLines(property) : [],
    })),
  };
  const additional = schema["additionalProperties"];
  const hasPatterns = isObject(schema["patternProperties"]) && Object.keys(schema["patternProperties"]).length > 0;
  if (additional === true || hasPatterns) members.index = (w) => void w.write("unknown");
  else if (isObject(additional)) {
    members.index = Object.keys(properties).length === 0 ? typeWriter(additional, context) : (w) => void w.write("unknown");
  }
  return members;
}

function writeArray(writer: CodeBlockWriter, schema: JsonSchemaObject, context: TypeContext): void {
  const items = schema["items"];
  if (Array.isArray(items)) {
    // draft-07 tuple form; further items allowed unless additionalItems is false
    writer.write("[");
    (items as JsonSchema[]).forEach((item, index) => {
      if (index > 0) writer.write(", ");
      writeType(writer, item, context);
    });
    if (schema["additionalItems"] !== false) writer.write(items.length > 0 ? ", ...unknown[]" : "...unknown[]");
    return void writer.write("]");
  }
  writer.write("Array<");
  writeType(writer, items === undefined ? true : (items as JsonSchema), context);
  writer.write(">");
}

function joined(writer: CodeBlockWriter, schemas: JsonSchema[], separator: string, context: TypeContext, parenthesize: boolean): void {
  schemas.forEach((schema, index) => {
    if (index > 0) writer.write(separator);
    if (parenthesize) writeParenthesized(writer, schema, context);
    else writeType(writer, schema, context);
  });
}

function writeParenthesized(writer: CodeBlockWriter, schema: JsonSchema, context: TypeContext): void {
  const text = writerText(writer, (w) => writeType(w, schema, context));
  writer.write(hasTopLevel(text, "|") || hasTopLevel(text, "&") ? `(${text})` : text);
}

/** Whether `operator` occurs outside brackets, braces, parentheses and string literals. */
function hasTopLevel(text: string, operator: "|" | "&"): boolean {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === "\\") i++;
      else if (char === '"') quote = false;
    } else if (char === '"') quote = true;
    else if ("{[(<".includes(char)) depth++;
    else if ("}])>".includes(char)) depth--;
    else if (char === operator && depth === 0) return true;
  }
  return false;
}

/** Renders with a scratch writer sharing the outer one's indentation settings. */
function writerText(writer: CodeBlockWriter, write: WriterFunction): string {
  const scratch = new (writer.constructor as new (options: object) => CodeBlockWriter)({
    indentNumberOfSpaces: 2,
    useTabs: false,
  });
  scratch.setIndentationLevel(writer.getIndentationLevel());
  write(scratch);
  return scratch.toString();
}

function writeDocs(writer: CodeBlockWriter, lines: string[]): void {
  if (lines.length === 0) return;
  writer.write("/**").newLine();
  for (const line of lines) writer.write(line === "" ? " *" : ` * ${line}`).newLine();
  writer.write(" */").newLine();
}

function refName(ref: unknown, context: TypeContext): string {
  const name = defName(ref);
  return name === undefined ? "unknown" : context.refType(name);
}

export function typeList(schema: JsonSchemaObject): string[] {
  const type = schema["type"];
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

/** A JSON value as a TS literal type; objects and arrays are not literal types -> `unknown`. */
export function literal(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "number";
  if (typeof value === "boolean") return String(value);
  return "unknown";
}

export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
