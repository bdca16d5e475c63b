/**
 * A cursor is one schema node of one catalog, seen through resolved `$ref`s: it knows which
 * SchemaIR holds it (for the YAML location), its pointer through the inlined view (for the
 * finding's `pointer`) and the instance path it constrains (for the message).
 */
import type { SourceLocation } from "../../diagnostics.js";
import type { CatalogIR, JsonSchema, SchemaIR } from "../../ir/types.js";
import { escapeSegment, isObject, unescapeSegment } from "../../load/json-pointer.js";

export type SideLabel = "old" | "new";

export interface SchemaSide {
  label: SideLabel;
  ir: CatalogIR;
}

export interface Cursor {
  side: SchemaSide;
  schema: JsonSchema;
  /** The SchemaIR the node lives in (an event's payload/headers, or a named schema). */
  home: SchemaIR;
  /** Identity of `home`: `payload:<event>`, `$defs/<name>`... */
  homeKey: string;
  /** Pointer inside `home.schema`. */
  at: string;
  /** Pointer through the inlined view, from the message: `/payload/properties/contact`. */
  path: string;
  /** The instance path it constrains: `/contact/email`, `/tags/*`; "" is the root. */
  data: string;
  /** Set on nodes the checker made up (e.g. "closed" for a lenient object's undeclared keys). */
  synthetic?: string;
  /** Where a root without a location of its own is defined (the event). */
  fallback: SourceLocation;
}

/** A conjunction of schema nodes, each maybe negated (an absent keyword is a synthetic `true` node). */
export interface Sub {
  parts: SubPart[];
}
export interface SubPart {
  cursor: Cursor;
  negated: boolean;
}

export function rootCursor(side: SchemaSide, home: SchemaIR, homeKey: string, path: string, fallback: SourceLocation): Cursor {
  return { side, schema: home.schema, home, homeKey, at: "", path, data: "", fallback };
}

export function subOf(cursor: Cursor): Sub {
  return { parts: [{ cursor, negated: false }] };
}

export function conjoin(...subs: Sub[]): Sub {
  return { parts: subs.flatMap((sub) => sub.parts) };
}

/** A child node: `segments` below the schema, `data` appended to the instance path. */
export function child(cursor: Cursor, value: JsonSchema, segments: readonly (string | number)[], data: string): Cursor {
  const suffix = segments.map((s) => "/" + escapeSegment(String(s))).join("");
  return { ...withoutSynthetic(cursor), schema: value, at: cursor.at + suffix, path: cursor.path + suffix, data: cursor.data + data };
}

/** A node the checker adds (a closed object's undeclared keys): located at its owner. */
export function synthetic(cursor: Cursor, name: string, value: JsonSchema, segments: readonly string[], data: string): Cursor {
  return { ...child(cursor, value, segments, data), synthetic: name };
}

function withoutSynthetic(cursor: Cursor): Cursor {
  if (cursor.synthetic === undefined) return cursor;
  const { synthetic: _, ...rest } = cursor;
  return rest;
}

/** Follows `{ "$ref": "#/$defs/<Name>" }` to the named schema; path and data stay. */
export function deref(cursor: Cursor): Cursor {
  let current = cursor;
  for (let hops = 0; hops < 64; hops++) {
    const ref = isObject(current.schema) ? current.schema["$ref"] : undefined;
    if (typeof ref !== "string") return current;
    const named = current.side.ir.schemas[refName(ref)];
    if (!named) throw new Error(`${current.side.label} catalog: ${current.path || "/"} refers to ${ref}, which the IR does not define`);
    current = { ...current, schema: named.schema, home: named, homeKey: `$defs/${named.name}`, at: "" };
  }
  throw new Error(`${cursor.side.label} catalog: $ref chain at ${cursor.path || "/"} does not end`);
}

export function refName(ref: string): string {
  if (!ref.startsWith("#/$defs/")) throw new Error(`unexpected $ref ${ref} in a resolved schema (want #/$defs/<Name>)`);
  return unescapeSegment(ref.slice("#/$defs/".length));
}

/** Identity of the node (same node reached twice, e.g. through recursion, has the same key). */
export function cursorKey(cursor: Cursor): string {
  return `${cursor.side.label}:${cursor.homeKey}#${cursor.at}${cursor.synthetic === undefined ? "" : `!${cursor.synthetic}`}`;
}

export function subKey(sub: Sub): string {
  return sub.parts.map((p) => (p.negated ? "!" : "") + cursorKey(p.cursor)).join("&");
}

/** The YAML node: the nearest located schema node at or above the cursor. */
export function locate(cursor: Cursor): SourceLocation {
  const locations = cursor.home.locations;
  let at = cursor.at;
  for (;;) {
    const found = locations[at];
    if (found) return found;
    if (at === "") break;
    at = at.slice(0, at.lastIndexOf("/"));
  }
  return "location" in cursor.home ? (cursor.home as { location: SourceLocation }).location : cursor.fallback;
}

/** Human form of the instance path: `/contact/email`, or `the payload` at the root. */
export function where(cursor: Cursor): string {
  if (cursor.data !== "") return cursor.data;
  if (cursor.path.startsWith("/headers")) return "the headers";
  return cursor.path.startsWith("/payload") ? "the payload" : "the parameter value";
}
