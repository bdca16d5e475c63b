/**
 * What the 2.6 and 3.x readers produce from one document: the same shape for both versions,
 * still pointing at nodes of the loaded catalog. `build-ir` merges documents into CatalogIR.
 */
import { appendPointer, isObject } from "../load/json-pointer.js";
import type { LoadedCatalog, NodeRef } from "../load/types.js";

export interface RawDocument {
  file: string;
  asyncapi: string;
  info: Record<string, unknown>;
  defaultContentType?: string;
  servers: RawServer[];
  channels: RawChannel[];
  operations: RawOperation[];
}

export interface RawServer {
  key: string;
  node: NodeRef;
  host: string;
  protocol: string;
  pathname?: string;
  description?: string;
}

export interface RawChannel {
  key: string;
  /** The channel object (after `$ref`). */
  node: NodeRef;
  address: string | null;
  /** Parameter name -> parameter object node. */
  parameters: Array<{ name: string; node: NodeRef }>;
  servers: string[];
  /** Message object nodes (after `$ref`), each with the key it has in this channel. */
  messages: Array<{ key: string; node: NodeRef }>;
}

export interface RawOperation {
  id: string;
  node: NodeRef;
  action: "send" | "receive";
  service: string;
  channel: NodeRef;
  /** Message object nodes (after `$ref`); all of the channel's messages when the operation names none. */
  messages: NodeRef[];
  reply?: { node: NodeRef; channel?: NodeRef; messages: NodeRef[] };
  /** 2.x operations carry `summary`, `description`, `tags`... on a node other than the channel item. */
  traits: NodeRef[];
}

/** Small typed accessors over the loaded catalog, following `$ref`s where the spec allows them. */
export class Nodes {
  constructor(readonly catalog: LoadedCatalog) {}

  child(node: NodeRef, ...segments: (string | number)[]): NodeRef {
    return { file: node.file, pointer: appendPointer(node.pointer, ...segments) };
  }

  /** The object at `node` after following `$ref`s, with its real address. */
  object(node: NodeRef): { node: NodeRef; value: Record<string, unknown> } | undefined {
    const target = this.catalog.deref(node);
    if (!target) return undefined;
    const value = this.catalog.get(target);
    return isObject(value) ? { node: target, value } : undefined;
  }

  /** Entries of a mapping at `node` (after `$ref`), each child node followed through its `$ref`. */
  entries(node: NodeRef): Array<{ key: string; node: NodeRef; value: Record<string, unknown> }> {
    const map = this.object(node);
    if (!map) return [];
    const out: Array<{ key: string; node: NodeRef; value: Record<string, unknown> }> = [];
    for (const key of Object.keys(map.value)) {
      if (key.startsWith("x-")) continue;
      const entry = this.object(this.child(map.node, key));
      if (entry) out.push({ key, ...entry });
    }
    return out;
  }

  /** Items of a list at `node`, each followed through its `$ref`. */
  items(node: NodeRef): Array<{ node: NodeRef; value: Record<string, unknown> }> {
    const list = this.catalog.get(node);
    if (!Array.isArray(list)) return [];
    return list.flatMap((_, index) => this.object(this.child(node, index)) ?? []);
  }

  /**
   * A plain copy of the value at `node` with every `$ref` inlined (bindings, tags...). A `$ref`
   * that leads back into itself is left as written rather than expanded forever.
   */
  plain(node: NodeRef, depth = 0): unknown {
    const target = this.catalog.deref(node);
    if (!target || depth > 32) return undefined;
    const value = this.catalog.get(target);
    if (Array.isArray(value)) return value.map((_, index) => this.plain(this.child(target, index), depth + 1));
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = this.plain(this.child(target, key), depth + 1);
    return out;
  }

  key(node: NodeRef): string {
    return `${node.file}#${node.pointer}`;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function extensionsOf(nodes: Nodes, node: NodeRef, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key.startsWith("x-")) out[key] = nodes.plain(nodes.child(node, key));
  }
  return out;
}

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
