/**
 * Where a finding is shown: the node of the NEW catalog that changed (for a removal, the parent
 * that lost it), so a pull-request annotation lands on a line of the pull request's version,
 * with the matching node of the base catalog given separately. Both come from the finding's
 * pointer, walked the same way through each catalog (through resolved `$ref`s).
 */
import type { SourceLocation } from "../../diagnostics.js";
import type { CatalogIR, EventIR, SchemaIR } from "../../ir/types.js";
import { escapeSegment, isObject, parsePointer } from "../../load/json-pointer.js";
import { refName } from "../schema/cursor.js";
import { isSchemaPointer, type CompatFinding, type CompatRule } from "../rules.js";

/** Lookups the walk needs, built once per catalog. */
export interface LocatableCatalog {
  ir: CatalogIR;
  events: ReadonlyMap<string, EventIR>;
}

/** The finding with its location in the new catalog and its base location beside it. */
export function relocate(finding: CompatFinding, old: LocatableCatalog, now: LocatableCatalog): CompatFinding {
  const base = locatePointer(old, finding.event, finding.pointer, finding.rule);
  const own = finding.side === "new" ? { file: finding.file, line: finding.line, column: finding.column } : undefined;
  // a catalog finding already on the new side names the new node itself (the renamed event, the new channel)
  const at = own && !isSchemaPointer(finding.pointer) ? own : (locatePointer(now, finding.event, finding.pointer, finding.rule) ?? own ?? lostFrom(now, old.events.get(finding.event)));
  const located: CompatFinding = at
    ? { ...finding, file: at.file, line: at.line, column: at.column, side: "new" }
    : { ...finding, ...(base ? { file: base.file, line: base.line, column: base.column } : {}), side: "old" };
  return base ? { ...located, base } : located;
}

/** The node a finding's pointer names in one catalog, or its nearest existing ancestor; undefined without the event. */
export function locatePointer(catalog: LocatableCatalog, eventName: string, pointer: string, rule: CompatRule): SourceLocation | undefined {
  const event = catalog.events.get(eventName);
  if (!event) return undefined;
  const segments = parsePointer(pointer) ?? [];
  const [head, id, kind, name] = segments;
  if (head === "payload") return inSchema(catalog.ir.schemas, event.payload, segments.slice(1), rule) ?? event.location;
  if (head === "headers") return (event.headers && inSchema(catalog.ir.schemas, event.headers, segments.slice(1), rule)) ?? event.location;
  if (head === "channels" && id !== undefined) {
    const channel = catalog.ir.channels.find((c) => c.id === id);
    if (!channel) return event.location; // the event lost this channel: point at the event
    const parameter = kind === "parameters" ? channel.parameters.find((p) => p.name === name) : undefined;
    return parameter?.location ?? channel.location;
  }
  if (head === "operations" && id !== undefined) return catalog.ir.operations.find((o) => o.id === id)?.location ?? event.location;
  return event.location; // "" (the event itself), /contentType
}

/** For an event the new catalog no longer has: a channel that carried it, else its document. */
function lostFrom(now: LocatableCatalog, before: EventIR | undefined): SourceLocation | undefined {
  if (!before) return undefined;
  for (const id of before.channels) {
    const channel = now.ir.channels.find((c) => c.id === id);
    if (channel) return channel.location;
  }
  return now.ir.documents.find((d) => d.file === before.location.file)?.location;
}

/**
 * Walks `segments` down a schema, following `$ref`s into named schemas, and returns the deepest
 * located node on the way. A required-ness finding points at the object's `required` list.
 */
function inSchema(schemas: CatalogIR["schemas"], root: SchemaIR, segments: readonly string[], rule: CompatRule): SourceLocation | undefined {
  const object = rule === "property-required" && segments.at(-2) === "properties" ? segments.length - 2 : -1;
  let node: Node = { home: root, at: "", value: root.schema };
  let found = root.locations[""];
  for (const [i, segment] of segments.entries()) {
    node = followRefs(schemas, node);
    found = node.home.locations[node.at] ?? found;
    const required = i === object ? node.home.locations[`${node.at}/required`] : undefined;
    if (required) return required;
    const { value } = node;
    const next: unknown = Array.isArray(value) ? value[Number(segment)] : isObject(value) ? value[segment] : undefined;
    if (next === undefined) return found;
    node = { home: node.home, at: `${node.at}/${escapeSegment(segment)}`, value: next };
  }
  node = followRefs(schemas, node);
  return node.home.locations[node.at] ?? found;
}

interface Node {
  home: SchemaIR;
  /** Pointer inside `home.schema`. */
  at: string;
  value: unknown;
}

function followRefs(schemas: CatalogIR["schemas"], node: Node): Node {
  let current = node;
  for (let hops = 0; hops < 64; hops++) {
    const ref = isObject(current.value) ? current.value["$ref"] : undefined;
    const target = typeof ref === "string" && ref.startsWith("#/$defs/") ? schemas[refName(ref)] : undefined;
    if (!target) return current;
    current = { home: target, at: "", value: target.schema };
  }
  return current;
}
