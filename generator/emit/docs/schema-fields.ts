/**
 * A schema as the rows of a docs table: one row per field, with a dotted path that goes through
 * named schemas (`$ref`), `allOf` (merged), `oneOf`/`anyOf` (rows per branch, labelled with the
 * branch), arrays (`items[]`, tuples `pair[0]`), maps (`attributes.*`). Recursive named schemas
 * stop at their second appearance on a path. Every keyword lands somewhere: the ones without a
 * column of their own are listed as constraints, so nothing in the schema is silently dropped.
 */
import { defName } from "../../ir/standalone-schema.js";
import type { CatalogIR, JsonSchema, JsonSchemaObject } from "../../ir/types.js";
import { isObject } from "../../load/json-pointer.js";

export interface FieldRow {
  /** `address.city`, `tags[]`, `lines[].sku`; "" is the schema itself. */
  path: string;
  /** The oneOf/anyOf branches this row sits in, e.g. `oneOf 2: Circle`. */
  variant?: string;
  /** Unique within `schemaFields`' result, safe in URLs and HTML ids: `payload-address-city`. */
  anchor: string;
  type: string;
  /** The named schema this field is (through `$ref`), when it is one: the site links shared ones. */
  schema?: string;
  required: boolean;
  /** `maxLength: 254`, `enum: "a", "b"`, `format: email`, … */
  constraints: string[];
  /** The `default`, as JSON. */
  default?: string;
  description?: string;
  deprecated: boolean;
  depth: number;
}

/** Keywords shown in a column of their own or expanded into rows. */
const STRUCTURE = new Set([
  "type", "properties", "required", "additionalProperties", "patternProperties", "items", "allOf", "oneOf", "anyOf",
  "$ref", "$defs", "definitions", "$id", "$schema", "title", "description", "default", "examples", "$comment", "deprecated",
]);

interface Shape {
  named: string[];
  types: string[];
  description?: string;
  title?: string;
  default?: { value: unknown };
  deprecated: boolean;
  constraints: string[];
  properties: Map<string, JsonSchema[]>;
  required: Set<string>;
  additional?: JsonSchema;
  patterns: [string, JsonSchema][];
  items?: JsonSchema;
  tuple?: JsonSchema[];
  variants: { kind: "oneOf" | "anyOf"; branches: JsonSchema[] }[];
  /** Named schemas being expanded on this path (recursion guard). */
  stack: string[];
  recursive?: string;
}

export function schemaFields(ir: Pick<CatalogIR, "schemas">, schema: JsonSchema, part: string): FieldRow[] {
  const rows: FieldRow[] = [];
  const anchors = new Set<string>();
  const anchorFor = (path: string, variant: string | undefined) => {
    const base = [part, ...(variant ? [variant] : []), ...(path === "" ? [] : [path])].map(anchorText).join("-");
    let anchor = base;
    for (let n = 2; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
    return anchor;
  };

  const visit = (node: JsonSchema[], path: string, variant: string | undefined, required: boolean, depth: number, stack: string[]) => {
    const shape = shapeOf(ir, node, stack);
    rows.push({
      path,
      ...(variant !== undefined ? { variant } : {}),
      anchor: anchorFor(path, variant),
      type: typeLabel(ir, shape),
      ...(shape.named.length > 0 && shape.recursive === undefined ? { schema: shape.named[shape.named.length - 1]! } : {}),
      required,
      constraints: shape.constraints,
      ...(shape.default ? { default: JSON.stringify(shape.default.value) } : {}),
      ...(shape.description !== undefined || shape.title !== undefined ? { description: shape.description ?? shape.title! } : {}),
      deprecated: shape.deprecated,
      depth,
    });
    if (shape.recursive !== undefined) return;
    const join = (segment: string) => (path === "" ? segment : `${path}.${segment}`);
    for (const [name, schemas] of shape.properties) visit(schemas, join(propertySegment(name)), variant, shape.required.has(name), depth + 1, shape.stack);
    for (const [pattern, value] of shape.patterns) visit([value], join(`/${pattern}/`), variant, false, depth + 1, shape.stack);
    if (shape.additional !== undefined) visit([shape.additional], join("*"), variant, false, depth + 1, shape.stack);
    if (shape.items !== undefined) visit([shape.items], `${path}[]`, variant, false, depth + 1, shape.stack);
    shape.tuple?.forEach((item, index) => visit([item], `${path}[${index}]`, variant, false, depth + 1, shape.stack));
    for (const { kind, branches } of shape.variants) {
      branches.forEach((branch, index) => {
        const label = `${kind} ${index + 1}: ${branchLabel(ir, branch)}`;
        const inner = shapeOf(ir, [branch], shape.stack);
        // a branch with no fields of its own is fully described by the parent's type label
        if (inner.properties.size === 0 && inner.items === undefined && inner.tuple === undefined && inner.variants.length === 0 && inner.additional === undefined && inner.patterns.length === 0) return;
        visit([branch], path, variant ? `${variant} › ${label}` : label, true, depth + 1, shape.stack);
      });
    }
  };
  visit([schema], "", undefined, true, 0, []);
  return rows;
}

/** A property name as a path segment: plain names as they are, others quoted. */
function propertySegment(name: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(name) ? name : JSON.stringify(name);
}

function anchorText(text: string): string {
  return text.replace(/\[\]/g, "-items").replace(/[^A-Za-z0-9_]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}

/**
 * Resolves `$ref`s and merges `allOf` into one description of the node. Sibling keywords of a
 * `$ref` apply together with it (draft 2019+ semantics, as ajv evaluates them).
 */
function shapeOf(ir: Pick<CatalogIR, "schemas">, schemas: JsonSchema[], stack: string[]): Shape {
  const shape: Shape = { named: [], types: [], deprecated: false, constraints: [], properties: new Map(), required: new Set(), patterns: [], variants: [], stack };
  const absorb = (schema: JsonSchema, outer: boolean) => {
    if (schema === true) return;
    if (schema === false) return void shape.constraints.push("never valid (false)");
    const name = defName(schema["$ref"]);
    if (schema["$ref"] !== undefined) {
      if (name === undefined || !ir.schemas[name]) shape.constraints.push(`$ref: ${String(schema["$ref"])}`);
      else if (shape.stack.includes(name)) {
        shape.named.push(name);
        shape.recursive = name;
      } else {
        shape.named.push(name);
        shape.stack = [...shape.stack, name];
        absorb(ir.schemas[name].schema, false);
      }
    }
    // the outermost description wins: a `$ref` sibling or a property's own text over the named schema's
    if (typeof schema["description"] === "string" && (outer || shape.description === undefined)) shape.description = schema["description"];
    if (typeof schema["title"] === "string" && shape.title === undefined) shape.title = schema["title"];
    if ("default" in schema && (outer || !shape.default)) shape.default = { value: schema["default"] };
    if (schema["deprecated"] === true) shape.deprecated = true;
    const type = schema["type"];
    for (const t of Array.isArray(type) ? type : type === undefined ? [] : [type]) if (!shape.types.includes(String(t))) shape.types.push(String(t));
    if (isObject(schema["properties"])) {
      for (const [key, value] of Object.entries(schema["properties"])) shape.properties.set(key, [...(shape.properties.get(key) ?? []), value as JsonSchema]);
    }
    if (Array.isArray(schema["required"])) for (const key of schema["required"]) shape.required.add(String(key));
    if (isObject(schema["patternProperties"])) for (const [key, value] of Object.entries(schema["patternProperties"])) shape.patterns.push([key, value as JsonSchema]);
    const additional = schema["additionalProperties"];
    if (additional === false) shape.constraints.push("no additional properties");
    else if (isObject(additional)) shape.additional = additional as JsonSchemaObject;
    const items = schema["items"];
    if (Array.isArray(items)) shape.tuple = items as JsonSchema[];
    else if (items !== undefined && items !== true) shape.items = items as JsonSchema;
    if (Array.isArray(schema["allOf"])) for (const branch of schema["allOf"]) absorb(branch as JsonSchema, outer);
    for (const kind of ["oneOf", "anyOf"] as const) {
      if (Array.isArray(schema[kind])) shape.variants.push({ kind, branches: schema[kind] as JsonSchema[] });
    }
    for (const [keyword, value] of Object.entries(schema)) {
      if (!STRUCTURE.has(keyword) && !(keyword === "additionalProperties" && (value === true || isObject(value)))) shape.constraints.push(constraintText(keyword, value));
    }
  };
  schemas.forEach((schema, index) => absorb(schema, index === 0));
  shape.constraints = [...new Set(shape.constraints)];
  return shape;
}

function constraintText(keyword: string, value: unknown): string {
  switch (keyword) {
    case "enum":
      return Array.isArray(value) ? `enum: ${value.map((v) => JSON.stringify(v)).join(", ")}` : `enum: ${JSON.stringify(value)}`;
    case "format":
    case "pattern":
      return `${keyword}: ${String(value)}`;
    case "additionalProperties":
      return "no additional properties";
    default:
      return `${keyword}: ${JSON.stringify(value)}`;
  }
}

function typeLabel(ir: Pick<CatalogIR, "schemas">, shape: Shape): string {
  const types = shape.types.length > 0 ? shape.types : inferredTypes(shape);
  const variants = shape.variants.map(({ kind, branches }) => `${kind === "oneOf" ? "one of" : "any of"} ${branches.map((b) => branchLabel(ir, b)).join(" | ")}`);
  const base = [types.join(" | "), ...variants].filter(Boolean).join(", ") || "any";
  if (shape.recursive !== undefined) return `${shape.recursive} (recursive)`;
  return shape.named.length > 0 ? `${shape.named[shape.named.length - 1]} (${base})` : base;
}

function inferredTypes(shape: Shape): string[] {
  if (shape.properties.size > 0 || shape.additional !== undefined || shape.patterns.length > 0) return ["object"];
  if (shape.items !== undefined || shape.tuple !== undefined) return ["array"];
  return [];
}

/** What a oneOf/anyOf branch is called: its named schema, title, const, or type. */
function branchLabel(ir: Pick<CatalogIR, "schemas">, branch: JsonSchema): string {
  if (typeof branch === "boolean") return String(branch);
  const name = defName(branch["$ref"]);
  if (name !== undefined) return name;
  if (typeof branch["title"] === "string") return branch["title"];
  if ("const" in branch) return JSON.stringify(branch["const"]);
  const shape = shapeOf(ir, [branch], []);
  const types = shape.types.length > 0 ? shape.types : inferredTypes(shape);
  return types.join(" | ") || "any";
}
