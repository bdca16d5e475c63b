/**
 * Payload and headers schemas must be valid JSON Schema that ajv compiles, as the generated
 * validators will. Reported at the schema node: a `format` ajv does not know and so ignores (a
 * warning); once loading and the AsyncAPI schema check are clean, meta-schema violations and
 * patterns ajv rejects (it compiles them with the `u` flag). At the schema's root: any other
 * failure to compile.
 */
import { diagnostic, type Diagnostic, type SourceLocation } from "../../diagnostics.js";
import type { CatalogIR, EventIR, SchemaIR } from "../../ir/types.js";
import { appendPointer, isObject, parsePointer, valueAt } from "../../load/json-pointer.js";
import { NodeIndex } from "../node-index.js";
import { describeErrors, dottedPath } from "../describe-errors.js";
import { pickErrors } from "../pick-errors.js";
import type { SchemaCompiler } from "../schema-compiler.js";
import type { RuleContext } from "./rule.js";

export function schemaInvalid({ catalog, ir, upstreamErrors, compiled: answers, cleanSchemas, schemaCompiler: compiler }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = new NodeIndex(catalog);
  // a keyword is reported at its own key (the IR locates schema nodes only)
  const keyAt = (location: SourceLocation, key: string): SourceLocation => {
    const node = index.nodeAt(location);
    return node ? catalog.locate({ file: node.file, pointer: appendPointer(node.pointer, key) }) : location;
  };
  // every schema node once: the events' own schemas, then the named schemas they share
  const own = ir.events.flatMap((event) => (event.headers ? [event.payload, event.headers] : [event.payload]));
  // with upstream errors only formats are checked: a schema clean then may not be clean otherwise
  const mode = upstreamErrors ? "formats" : "all";
  const clean = new Set<string>();
  for (const schema of [...own, ...Object.values(ir.schemas)]) {
    const key = cleanSchemas && JSON.stringify(schema.schema);
    const known = key !== undefined && [`all ${key}`, `${mode} ${key}`].find((k) => cleanSchemas!.has(k));
    if (known) {
      clean.add(known);
      continue;
    }
    const found = [...unknownFormats(schema, compiler), ...unknownKeywords(schema, keyAt), ...(upstreamErrors ? [] : [...metaSchemaProblems(schema, compiler), ...invalidPatterns(schema)])];
    if (found.length === 0 && key !== undefined) clean.add(`${mode} ${key}`);
    out.push(...found);
  }
  if (cleanSchemas) {
    cleanSchemas.clear();
    for (const key of clean) cleanSchemas.add(key);
  }
  if (out.some((d) => d.severity === "error") || upstreamErrors) return out;
  // compiling costs milliseconds: not the schemas whose generated validator compiled (codegen);
  // every other one, since a schema ajv refuses must fail here, at its node, not in the emitter
  const toCompile = allSchemas(ir).filter(({ event }) => answers?.compiles(event.name) !== true);
  compiler.compileSchemas(ir, toCompile.map((part) => part.schema.schema));
  for (const { event, label, schema } of toCompile) {
    const compiled = compiler.compileSchema(ir, schema.schema);
    if ("error" in compiled) {
      out.push(diagnostic(schema.locations[""]!, "error", "schema-invalid", `${label} schema of event \`${event.name}\` cannot be compiled: ${explainCompileError(compiled.error)}`));
    }
  }
  return out;
}

/** Every event's payload and headers schema. */
function allSchemas(ir: CatalogIR): Array<{ event: EventIR; label: "payload" | "headers"; schema: SchemaIR }> {
  return ir.events.flatMap((event) => [
    { event, label: "payload" as const, schema: event.payload },
    ...(event.headers ? [{ event, label: "headers" as const, schema: event.headers }] : []),
  ]);
}

/** ajv's words, for a person: its messages name ajv internals ("NOT SUPPORTED", "strict mode"). */
function explainCompileError(message: string): string {
  return message.replace(/^NOT SUPPORTED: keyword "(\w+)", use "\$id" for schema ID$/, "`$1` is draft-04's schema id, which ajv refuses; write `$id`, or if it is a property, put it under `properties:`");
}

function metaSchemaProblems(schema: SchemaIR, compiler: SchemaCompiler): Diagnostic[] {
  const errors = compiler.metaSchemaErrors(schema.schema);
  if (errors.length === 0) return [];
  const value = (path: string) => valueAt(schema.schema, parsePointer(path) ?? []);
  return describeErrors(pickErrors(errors, () => undefined), value).map((finding) =>
    diagnostic(nearest(schema, finding.at), "error", "schema-invalid", `schema ${dottedPath(finding.instancePath) || "root"}: ${finding.text}`),
  );
}

/** Each schema node with its location (the IR keeps one per node). */
export function* schemaNodes(schema: SchemaIR): Generator<{ pointer: string; node: Record<string, unknown>; location: SourceLocation }> {
  for (const [pointer, location] of Object.entries(schema.locations)) {
    const node = valueAt(schema.schema, parsePointer(pointer) ?? []);
    if (isObject(node)) yield { pointer, node, location };
  }
}

/** Patterns ajv compiles with the `u` flag (stricter than the AsyncAPI schema's `regex` format). */
function invalidPatterns(schema: SchemaIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { node, location } of schemaNodes(schema)) {
    const patterns = [
      ...(typeof node["pattern"] === "string" ? [{ where: "pattern", source: node["pattern"] }] : []),
      ...(isObject(node["patternProperties"]) ? Object.keys(node["patternProperties"]).map((source) => ({ where: "patternProperties key", source })) : []),
    ];
    for (const { where, source } of patterns) {
      const problem = regExpProblem(source);
      if (problem) out.push(diagnostic(location, "error", "schema-invalid", `${where} ${JSON.stringify(source)} is not a valid regular expression: ${problem}`));
    }
  }
  return out;
}

/** draft-07 keywords and the AsyncAPI schema object's own; anything else is ignored by validators. */
const KEYWORDS = new Set([
  "$ref", "$comment", "$defs", "definitions", "title", "description", "default", "examples", "readOnly", "writeOnly",
  "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
  "maxLength", "minLength", "pattern", "format", "contentEncoding", "contentMediaType",
  "items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains",
  "maxProperties", "minProperties", "required", "properties", "patternProperties", "additionalProperties",
  "dependencies", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
  "discriminator", "externalDocs", "deprecated", "example",
]);

/**
 * A key no validator reads is almost always a mistake: a typo (`maxLenght`), another dialect's
 * keyword (OpenAPI's `nullable`), or YAML that split a value (`description: a, b` in a flow
 * mapping). A warning, since draft-07 allows it; `x-` extensions are the way to add data.
 */
function unknownKeywords(schema: SchemaIR, keyAt: (location: SourceLocation, key: string) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { node, location } of schemaNodes(schema)) {
    for (const key of Object.keys(node)) {
      if (KEYWORDS.has(key) || key.startsWith("x-")) continue;
      const at = keyAt(location, key);
      const looksLikeProperty = isObject(node[key]) && typeof (node[key] as Record<string, unknown>)["type"] === "string";
      if (key === "id") {
        // ajv refuses to compile a schema with `id` (draft-04's $id): an error, not a warning
        const hint = looksLikeProperty ? "; it looks like a property: put it under `properties:`" : "; write `$id` for a schema id";
        out.push(diagnostic(at, "error", "schema-invalid", `\`id\` is not a draft-07 keyword and validators refuse it${hint}`));
        continue;
      }
      const hint = key === "nullable" ? '; JSON Schema says `type: [..., "null"]`' : looksLikeProperty ? "; it looks like a property: put it under `properties:`" : suggestion(key);
      out.push(diagnostic(at, "warning", "schema-invalid", `unknown schema keyword \`${key}\` is ignored by validators${hint}`));
    }
  }
  return out;
}

/** `; did you mean \`maxLength\`?` for a keyword one or two edits away. */
function suggestion(key: string): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const keyword of KEYWORDS) {
    const distance = editDistance(key.toLowerCase(), keyword.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [keyword, distance];
  }
  return best === undefined ? "" : `; did you mean \`${best}\`?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function unknownFormats(schema: SchemaIR, compiler: SchemaCompiler): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { node, location } of schemaNodes(schema)) {
    if (typeof node["format"] === "string" && !compiler.knowsFormat(node["format"])) {
      out.push(diagnostic(location, "warning", "schema-invalid", `format "${node["format"]}" is unknown; values are not checked against it`));
    }
  }
  return out;
}

/** The location of the schema node at `pointer`, or of its nearest located ancestor. */
function nearest(schema: SchemaIR, pointer: string): SourceLocation {
  for (let at = pointer; ; at = at.slice(0, at.lastIndexOf("/"))) {
    const location = schema.locations[at];
    if (location) return location;
    if (at === "") return schema.locations[""]!;
  }
}

/** ajv compiles patterns with the `u` flag. */
function regExpProblem(source: string): string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /, "");
  }
}
