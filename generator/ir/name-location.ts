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
  const at = (node: NodeRef | undefined) => node && catalog.deref(node);
  const value = (node: NodeRef | undefined) => (node ? catalog.get(node) : undefined);
  const own = at(message);
  if (!own) return catalog.locate(message);
  const traits = value(at({ file: own.file, pointer: appendPointer(own.pointer, "traits") }));
  const sources = [own, ...(Array.isArray(traits) ? traits.map((_, i) => at({ file: own.file, pointer: appendPointer(own.pointer, "traits", i) })).reverse() : [])];
  for (const source of sources) {
    if (!source || !isObject(value(source))) continue;
    const name = at({ file: source.file, pointer: appendPointer(source.pointer, "name") });
    if (typeof value(name) === "string") return locateValue(catalog, name!);
  }
  const id = at({ file: own.file, pointer: appendPointer(own.pointer, "messageId") });
  return typeof value(id) === "string" ? locateValue(catalog, id!) : catalog.locate(message);
}
