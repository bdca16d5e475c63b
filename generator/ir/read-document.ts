/**
 * Reads one AsyncAPI document into the version-independent RawDocument.
 *
 * 2.x is normalised to 3.x meaning: a channel's `subscribe` operation is one where the
 * application *sends* (others subscribe to what it produces) and `publish` one where it
 * *receives* — the inversion most 2.x tooling gets wrong.
 */
import { parsePointer } from "../load/json-pointer.js";
import type { NodeRef } from "../load/types.js";
import { optional, str, type Nodes, type RawChannel, type RawDocument, type RawOperation, type RawServer } from "./raw-model.js";

export function readDocument(nodes: Nodes, file: string): RawDocument | undefined {
  const doc = nodes.object({ file, pointer: "" });
  if (!doc) return undefined;
  const asyncapi = String(doc.value["asyncapi"]);
  const info = nodes.object(nodes.child(doc.node, "info"))?.value ?? {};
  const service = str(info["x-service"]) ?? str(info["title"]) ?? file;
  const base = {
    file,
    asyncapi,
    info,
    ...(typeof doc.value["defaultContentType"] === "string" ? { defaultContentType: doc.value["defaultContentType"] } : {}),
  };
  return asyncapi.startsWith("2.")
    ? { ...base, ...readV2(nodes, doc.node, service) }
    : { ...base, ...readV3(nodes, doc.node, service) };
}

function readV3(nodes: Nodes, doc: NodeRef, service: string) {
  const servers = nodes.entries(nodes.child(doc, "servers")).map(({ key, node, value }): RawServer => ({
    key,
    node,
    host: str(value["host"]) ?? "",
    protocol: str(value["protocol"]) ?? "",
    ...optional("pathname", str(value["pathname"])),
    ...optional("description", str(value["description"])),
  }));

  const channels = nodes.entries(nodes.child(doc, "channels")).map(({ key, node, value }): RawChannel => ({
    key,
    node,
    address: str(value["address"]) ?? null,
    parameters: nodes.entries(nodes.child(node, "parameters")).map((p) => ({ name: p.key, node: p.node })),
    servers: nodes.items(nodes.child(node, "servers")).map((s) => lastSegment(s.node)),
    messages: nodes.entries(nodes.child(node, "messages")).map((m) => ({ key: m.key, node: m.node })),
  }));

  const operations = nodes.entries(nodes.child(doc, "operations")).flatMap(({ key, node, value }): RawOperation[] => {
    const channel = nodes.object(nodes.child(node, "channel"));
    if (!channel || (value["action"] !== "send" && value["action"] !== "receive")) return [];
    const named = nodes.items(nodes.child(node, "messages")).map((m) => m.node);
    const messages = Array.isArray(value["messages"]) ? named : channelMessages(nodes, channel.node);
    const replyObject = nodes.object(nodes.child(node, "reply"));
    let reply: RawOperation["reply"];
    if (replyObject) {
      const replyChannel = nodes.object(nodes.child(replyObject.node, "channel"));
      const replyMessages = nodes.items(nodes.child(replyObject.node, "messages")).map((m) => m.node);
      reply = {
        node: replyObject.node,
        ...(replyChannel ? { channel: replyChannel.node } : {}),
        messages: replyMessages.length > 0 || !replyChannel ? replyMessages : channelMessages(nodes, replyChannel.node),
      };
    }
    return [
      {
        id: key,
        node,
        action: value["action"],
        service: str(value["x-service"]) ?? service,
        channel: channel.node,
        messages,
        ...(reply ? { reply } : {}),
        traits: nodes.items(nodes.child(node, "traits")).map((t) => t.node),
      },
    ];
  });
  return { servers, channels, operations };
}

function readV2(nodes: Nodes, doc: NodeRef, service: string) {
  const servers = nodes.entries(nodes.child(doc, "servers")).map(({ key, node, value }): RawServer => {
    const url = withVariableDefaults(str(value["url"]) ?? "", nodes.object(nodes.child(node, "variables"))?.value);
    const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/]*)(\/.*)?$/i.exec(url);
    return {
      key,
      node,
      host: match?.[1] ?? url,
      protocol: str(value["protocol"]) ?? "",
      ...optional("pathname", match?.[2]),
      ...optional("description", str(value["description"])),
    };
  });

  const channels: RawChannel[] = [];
  const operations: RawOperation[] = [];
  for (const { key, node, value } of nodes.entries(nodes.child(doc, "channels"))) {
    const messages: RawChannel["messages"] = [];
    for (const verb of ["subscribe", "publish"] as const) {
      const operation = nodes.object(nodes.child(node, verb));
      if (!operation) continue;
      const id = str(operation.value["operationId"]) ?? `${verb}${pascal(key)}`;
      const operationMessages = v2Messages(nodes, nodes.child(operation.node, "message"), id);
      for (const message of operationMessages) {
        if (!messages.some((m) => nodes.key(m.node) === nodes.key(message.node))) messages.push(message);
      }
      operations.push({
        id,
        node: operation.node,
        action: verb === "subscribe" ? "send" : "receive",
        service: str(operation.value["x-service"]) ?? service,
        channel: node,
        messages: operationMessages.map((m) => m.node),
        traits: nodes.items(nodes.child(operation.node, "traits")).map((t) => t.node),
      });
    }
    channels.push({
      key,
      node,
      address: key,
      parameters: nodes.entries(nodes.child(node, "parameters")).map((p) => ({ name: p.key, node: p.node })),
      servers: Array.isArray(value["servers"]) ? value["servers"].filter((s): s is string => typeof s === "string") : [],
      messages,
    });
  }
  return { servers, channels, operations };
}

/**
 * A 2.x operation's `message`: one message, or `oneOf` a list of them. The key (the name of
 * last resort for an inline message with neither `name` nor `messageId`) is the operation id.
 */
function v2Messages(nodes: Nodes, node: NodeRef, operationId: string): RawChannel["messages"] {
  const message = nodes.object(node);
  if (!message) return [];
  if (Array.isArray(message.value["oneOf"])) {
    return nodes.items(nodes.child(message.node, "oneOf")).map((m, index) => ({ key: `${operationId}${index + 1}`, node: m.node }));
  }
  return [{ key: operationId, node: message.node }];
}

/** `{host}:{port}` with each server variable's `default` (2.x urls carry variables; 3.x hosts keep theirs). */
function withVariableDefaults(url: string, variables: Record<string, unknown> | undefined): string {
  if (!variables) return url;
  return url.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    const fallback = typeof variable === "object" && variable !== null ? (variable as Record<string, unknown>)["default"] : undefined;
    return typeof fallback === "string" ? fallback : whole;
  });
}

function channelMessages(nodes: Nodes, channel: NodeRef): NodeRef[] {
  return nodes.entries(nodes.child(channel, "messages")).map((m) => m.node);
}

function lastSegment(node: NodeRef): string {
  return parsePointer(node.pointer)?.at(-1) ?? node.pointer;
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
