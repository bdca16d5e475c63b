/**
 * One message object -> the message half of an EventIR (no channels or services yet).
 * Message traits are applied field by field: the message's own field wins, then the last
 * trait that has it, so each field still points at the YAML that really defined it.
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { parsePointer } from "../load/json-pointer.js";
import { isJsonSchemaFormat } from "../load/schema-format.js";
import type { NodeRef } from "../load/types.js";
import { asRecord, extensionsOf, optional, str, type Nodes } from "./raw-model.js";
import type { SchemaResolver } from "./schema-resolver.js";
import type { EventIR, ExampleIR, PartitioningIR, SchemaIR } from "./types.js";

export type MessageFields = Omit<EventIR, "channels" | "producers" | "consumers">;

export interface MessageContext {
  /** The document through which the message was first reached (for defaults). */
  info: Record<string, unknown>;
  defaultContentType: string | undefined;
  /** The key the message has in its channel (3.x), used when it has no better name. */
  channelKey: string;
}

export function readMessage(
  nodes: Nodes,
  schemas: SchemaResolver,
  message: NodeRef,
  context: MessageContext,
  diagnostics: Diagnostic[],
): MessageFields {
  const value = nodes.object(message)?.value ?? {};
  const traits = nodes.items(nodes.child(message, "traits")).reverse();
  /** The node defining `field`: the message itself, else the last trait that has it. */
  const field = (name: string): { node: NodeRef; value: unknown } | undefined => {
    for (const source of [{ node: message, value }, ...traits]) {
      if (source.value[name] !== undefined) return { node: nodes.child(source.node, name), value: source.value[name] };
    }
    return undefined;
  };
  const text = (name: string) => str(field(name)?.value);
  const location = nodes.catalog.locate(message);
  const schemaFormat = text("schemaFormat");

  const payloadField = field("payload");
  let payload: SchemaIR;
  if (!payloadField) {
    diagnostics.push(diagnostic(location, "error", "message-missing-payload", `message ${describe(message)} has no payload schema`));
    payload = { schema: {}, locations: { "": location } };
  } else {
    payload = readSchema(nodes, schemas, payloadField.node, schemaFormat, diagnostics);
  }
  const headersField = field("headers");
  const headers = headersField && readSchema(nodes, schemas, headersField.node, undefined, diagnostics);

  const payloadRoot = payloadField && nodes.object(payloadField.node)?.value;
  const info = context.info;
  return {
    name: text("name") ?? str(value["messageId"]) ?? componentKey(message) ?? context.channelKey,
    version: text("x-version") ?? str(info["version"]) ?? "1.0.0",
    ...optional("title", text("title")),
    ...optional("summary", text("summary")),
    ...optional("description", text("description")),
    contentType: text("contentType") ?? context.defaultContentType ?? "application/json",
    deprecated: field("x-deprecated")?.value === true || field("deprecated")?.value === true || payloadRoot?.["deprecated"] === true,
    tags: tagNames(nodes, field("tags")?.node),
    owners: owners(field("x-owner")?.value ?? info["x-owner"]),
    payload,
    ...(headers ? { headers } : {}),
    examples: readExamples(nodes, field("examples")?.node),
    bindings: asRecord(nodes.plain(field("bindings")?.node ?? nodes.child(message, "bindings"))),
    extensions: extensionsOf(nodes, message, value),
    ...optional("partitioning", readPartitioning(nodes, field("x-eventsmith")?.node)),
    location,
  };
}

/** The message's stream-partition settings under `x-eventsmith`, with where each is written. */
function readPartitioning(nodes: Nodes, node: NodeRef | undefined): PartitioningIR | undefined {
  const settings = node && nodes.object(node)?.value;
  if (!settings) return undefined;
  const out: PartitioningIR = { locations: {} };
  for (const key of ["partitions", "partitionKey"] as const) {
    if (settings[key] === undefined) continue;
    out[key] = nodes.plain(nodes.child(node, key));
    out.locations[key] = nodes.catalog.locate(nodes.child(node, key));
  }
  return Object.keys(out.locations).length === 0 ? undefined : out;
}

/** A payload/headers schema: plain JSON Schema, a 3.x multi-format schema object, or an opaque format. */
function readSchema(
  nodes: Nodes,
  schemas: SchemaResolver,
  node: NodeRef,
  messageFormat: string | undefined,
  diagnostics: Diagnostic[],
): SchemaIR {
  const target = nodes.object(node);
  let format = messageFormat;
  let schemaNode = node;
  if (target && typeof target.value["schemaFormat"] === "string" && "schema" in target.value) {
    format = target.value["schemaFormat"];
    schemaNode = nodes.child(target.node, "schema");
  }
  if (!isJsonSchemaFormat(format)) {
    const location = nodes.catalog.locate(node);
    diagnostics.push(
      diagnostic(location, "warning", "schema-format-unsupported", `schema format ${format} is not compiled; the value is typed as unknown and not validated`),
    );
    return { schema: { description: `Opaque ${format} schema (not compiled by eventsmith).` }, locations: { "": location } };
  }
  return schemas.resolve(schemaNode);
}

function readExamples(nodes: Nodes, node: NodeRef | undefined): ExampleIR[] {
  if (!node) return [];
  return nodes.items(node).map(({ node: example, value }) => ({
    ...optional("name", str(value["name"])),
    ...optional("summary", str(value["summary"])),
    // example values are data: copied as written, never `$ref`-resolved
    ...("payload" in value ? { payload: structuredClone(value["payload"]) } : {}),
    ...("headers" in value ? { headers: structuredClone(value["headers"]) } : {}),
    location: nodes.catalog.locate(example),
  }));
}

function tagNames(nodes: Nodes, node: NodeRef | undefined): string[] {
  if (!node) return [];
  return nodes.items(node).flatMap((tag) => str(tag.value["name"]) ?? []);
}

export function owners(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").sort();
  return [];
}

/** `components/messages/X` or a fragment file's top-level `X`. */
function componentKey(node: NodeRef): string | undefined {
  const segments = parsePointer(node.pointer) ?? [];
  if (segments.length === 3 && segments[0] === "components" && segments[1] === "messages") return segments[2];
  if (segments.length === 1) return segments[0];
  return undefined;
}

function describe(node: NodeRef): string {
  return componentKey(node) ?? node.pointer;
}
