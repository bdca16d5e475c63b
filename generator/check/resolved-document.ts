/**
 * A document as the AsyncAPI schema must see it: each `$ref` replaced by the node it points at,
 * so a message kept in `common/messages.yaml` is validated as a message. Every node is expanded
 * once: a later `$ref` to a node already expanded stays as written (a valid Reference Object),
 * which keeps recursive schemas finite and validates a shared node once, not once per use.
 * `nodeAt` maps an ajv `instancePath` back to the YAML node it came from.
 */
import { childKeysAreNames, isDataKey } from "../load/data-keys.js";
import { appendPointer, isObject, parsePointer, valueAt } from "../load/json-pointer.js";
import type { LoadedCatalog, NodeRef } from "../load/types.js";

export interface ResolvedDocument {
  value: unknown;
  /** The node behind `instancePath` (a JSON Pointer into `value`). */
  nodeAt(instancePath: string): NodeRef;
  /** The resolved value at `instancePath`. */
  valueAt(instancePath: string): unknown;
}

export function resolveDocument(catalog: LoadedCatalog, file: string): ResolvedDocument {
  const origins = new WeakMap<object, NodeRef>();
  const expanded = new Set<string>();

  const build = (node: NodeRef, raw: unknown, keysAreNames: boolean): unknown => {
    if (isObject(raw) && Object.prototype.hasOwnProperty.call(raw, "$ref")) {
      const target = catalog.deref(node);
      // unresolved or cyclic refs were reported by the loader; refs the loader treats as data
      // (inside opaque schemas) deref to themselves: all are kept as written
      if (target && key(target) !== key(node) && !expanded.has(key(target))) return build(target, catalog.get(target), false);
      return raw;
    }
    if (Array.isArray(raw)) {
      expanded.add(key(node));
      const out = raw.map((item, index) => build(child(node, index), item, false));
      origins.set(out, node);
      return out;
    }
    if (!isObject(raw)) return raw;
    expanded.add(key(node));
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      // defineProperty: a `__proto__` key stays an own property, never a prototype
      Object.defineProperty(out, name, {
        value: isDataKey(name, keysAreNames) ? value : build(child(node, name), value, childKeysAreNames(name, keysAreNames)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    origins.set(out, node);
    return out;
  };

  const root: NodeRef = { file, pointer: "" };
  const value = build(root, catalog.get(root), true);

  const walk = (instancePath: string): { node: NodeRef; value: unknown } => {
    let node = root;
    let current = value;
    for (const segment of parsePointer(instancePath) ?? []) {
      current = valueAt(current, [segment]);
      const origin = typeof current === "object" && current !== null ? origins.get(current) : undefined;
      node = origin ?? child(node, segment);
    }
    return { node, value: current };
  };
  return { value, nodeAt: (path) => walk(path).node, valueAt: (path) => walk(path).value };
}

function child(node: NodeRef, segment: string | number): NodeRef {
  return { file: node.file, pointer: appendPointer(node.pointer, segment) };
}

function key(node: NodeRef): string {
  return `${node.file}#${node.pointer}`;
}
