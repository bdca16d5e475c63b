/**
 * Where a message's event name is written: the value of its `name:` (its own, else its last
 * trait's), else of its `messageId:`; else the message itself (the name is its key). Diagnostics
 * about a name point here, not at the key of the enclosing message.
 */
import type { SourceLocation } from "../diagnostics.js";
import { appendPointer, isObject } from "../load/json-pointer.js";
import { locateValue } from "../load/locate-value.js";
import type { LoadedCatalog, NodeRef } from "../load/types.js";

export function nameLocation(catalog: LoadedCatalog, message: NodeRef): SourceLocation {
  const node = nameNode(catalog, message);
  return node ? locateValue(catalog, node) : catalog.locate(message);
}

/** The node holding the message's written name (`name:` or `messageId:`); undefined when its name is derived from a key. */
export function nameNode(catalog: LoadedCatalog, message: NodeRef): NodeRef | undefined {
  const at = (node: NodeRef | undefined) => node && catalog.deref(node);
  const value = (node: NodeRef | undefined) => (node ? catalog.get(node) : undefined);
  const own = at(message);
  if (!own) return undefined;
  const traits = value(at({ file: own.file, pointer: appendPointer(own.pointer, "traits") }));
  const sources = [own, ...(Array.isArray(traits) ? traits.map((_, i) => at({ file: own.file, pointer: appendPointer(own.pointer, "traits", i) })).reverse() : [])];
  for (const source of sources) {
    if (!source || !isObject(value(source))) continue;
    const name = at({ file: source.file, pointer: appendPointer(source.pointer, "name") });
    if (typeof value(name) === "string") return name;
  }
  const id = at({ file: own.file, pointer: appendPointer(own.pointer, "messageId") });
  return typeof value(id) === "string" ? id : undefined;
}
