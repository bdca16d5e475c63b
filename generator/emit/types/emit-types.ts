/**
 * `types.ts`: one exported type per event payload (named from the event), one per named
 * schema (keeping its name), one per headers schema; JSDoc from the catalog.
 */
import {
  StructureKind,
  type InterfaceDeclarationStructure,
  type JSDocStructure,
  type OptionalKind,
  type TypeAliasDeclarationStructure,
} from "ts-morph";
import { defName } from "../../ir/standalone-schema.js";
import type { CatalogIR, EventIR, JsonSchema } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import { payloadRef, type Names } from "../naming.js";
import { isObject } from "../../load/json-pointer.js";
import type { EmitMemo } from "../emit-memo.js";
import { printDeclarations } from "../ts-printer.js";
import { commentLines, jsdocLines } from "./jsdoc.js";
import { isInterfaceShape, objectMembers, typeWriter, type TypeContext } from "./schema-to-type.js";

type Declaration = InterfaceDeclarationStructure | TypeAliasDeclarationStructure;

/** `memo` (a `--watch` session) keeps each printed declaration, so a rebuild prints only those that changed. */
export function emitTypes(ir: CatalogIR, names: Names, memo?: EmitMemo): GeneratedFile {
  const context: TypeContext = { refType: (schema) => names.schemaType(schema) };
  const statements: Array<{ key: string; name: string; statement: () => Declaration }> = [];
  /** Everything a declaration's text depends on: its name, schema and docs, and the type names of the schemas it refers to. */
  const declare = (name: string, schema: JsonSchema, docs: string[], make: () => Declaration) => {
    const refs = referencedNames(schema).map((def) => [def, typeNameOrNull(names, def)]);
    statements.push({ key: JSON.stringify(["type", name, schema, docs, refs]), name, statement: make });
  };
  /** Named schemas that are an event's payload under the event's own type name. */
  const mergedWithEvent = new Map<string, EventIR>();

  for (const event of ir.events) {
    const typeName = names.eventType(event.name);
    const def = defName(payloadRef(event));
    if (def !== undefined && names.schemaType(def) === typeName) {
      mergedWithEvent.set(def, event);
      continue;
    }
    if (def !== undefined) {
      const ref = { $ref: `#/$defs/${def}` };
      const docs = eventDocs(event, []);
      declare(typeName, ref, docs, () => alias(typeName, ref, context, docs));
    } else {
      const docs = eventDocs(event, schemaDocs(event.payload.schema));
      declare(typeName, event.payload.schema, docs, () => declaration(typeName, event.payload.schema, context, docs));
    }
  }
  for (const event of ir.events) {
    if (!event.headers) continue;
    const { schema } = event.headers;
    const name = names.headersType(event.name);
    const docs = commentLines(`Headers of the \`${event.name}\` event.`);
    declare(name, schema, docs, () => declaration(name, schema, context, docs));
  }
  for (const [key, schema] of Object.entries(ir.schemas)) {
    const event = mergedWithEvent.get(key);
    const own = schemaDocs(schema.schema);
    const docs = event ? eventDocs(event, own) : own;
    const name = names.schemaType(key);
    declare(name, schema.schema, docs, () => declaration(name, schema.schema, context, docs));
  }
  statements.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { path: "types.ts", contents: header("ts") + printDeclarations(statements, memo) };
}

/** Names of the named schemas `schema` refers to directly (`#/$defs/<Name>`), sorted. */
function referencedNames(schema: JsonSchema): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isObject(value)) return;
    const def = defName(value["$ref"]);
    if (def !== undefined) found.add(def);
    for (const child of Object.values(value)) visit(child);
  };
  visit(schema);
  return [...found].sort();
}

function typeNameOrNull(names: Names, schema: string): string | null {
  try {
    return names.schemaType(schema);
  } catch {
    return null; // printing reports it
  }
}

function declaration(name: string, schema: JsonSchema, context: TypeContext, docs: string[]): Declaration {
  if (!isInterfaceShape(schema)) return alias(name, schema, context, docs);
  const members = objectMembers(schema, context);
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    docs: toDocs(docs),
    properties: members.properties.map((property) => ({
      name: property.name,
      hasQuestionToken: property.optional,
      type: property.type,
      docs: toDocs(property.docs),
    })),
    indexSignatures: members.index ? [{ keyName: "key", keyType: "string", returnType: members.index }] : [],
  };
}

function alias(name: string, schema: JsonSchema, context: TypeContext, docs: string[]): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, name, isExported: true, type: typeWriter(schema, context), docs: toDocs(docs) };
}

function schemaDocs(schema: JsonSchema): string[] {
  return typeof schema === "object" ? jsdocLines(schema) : [];
}

/** Event JSDoc: title and summary, description, the event name and version, examples, deprecation. */
function eventDocs(event: EventIR, schemaLines: string[]): string[] {
  const lines: string[] = [];
  const heading = [event.title, event.summary].filter((t): t is string => !!t?.trim()).join(": ");
  if (heading) lines.push(...commentLines(heading));
  if (event.description?.trim()) lines.push(...(lines.length ? [""] : []), ...commentLines(event.description.trim()));
  const own = schemaLines.filter((line) => line !== "@deprecated");
  if (own.length) lines.push(...(lines.length ? [""] : []), ...own);
  lines.push(...(lines.length ? [""] : []), ...commentLines(`Payload of the \`${event.name}\` event, version ${event.version}.`));
  for (const example of event.examples) {
    if (example.payload === undefined) continue;
    lines.push("@example", ...commentLines(JSON.stringify(example.payload, null, 2)));
  }
  if (event.deprecated || schemaLines.includes("@deprecated")) lines.push("@deprecated");
  return lines;
}

/** One JSDoc block from lines (ts-morph adds the ` * ` prefixes). */
function toDocs(lines: string[]): OptionalKind<JSDocStructure>[] {
  return lines.length === 0 ? [] : [{ description: "\n" + lines.join("\n") }];
}
