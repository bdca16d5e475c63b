/**
 * Findings about the catalog around an event's schemas: removed or renamed events, channels
 * (address, parameters, moves), content type and operation direction. These break producers
 * and consumers whichever side upgrades first, so each is reported once, in the first
 * direction of the event's mode.
 */
import type { CatalogIR, ChannelIR, EventIR, OperationIR } from "../../ir/types.js";
import { escapeSegment } from "../../load/json-pointer.js";
import { rootCursor, subOf, type SchemaSide } from "../schema/cursor.js";
import { finding, type CompatFinding, type Direction } from "../rules.js";
import type { SchemaEquality } from "../schema/schema-equal.js";
import type { SubschemaChecker } from "../schema/subschema-checker.js";

/** Lookups over one catalog, built once per comparison (catalogs have thousands of events). */
export class CatalogIndex {
  readonly channels: Map<string, ChannelIR>;
  readonly events: Map<string, EventIR>;
  readonly operationsByEvent = new Map<string, OperationIR[]>();
  readonly operations: Map<string, OperationIR>;

  constructor(readonly ir: CatalogIR) {
    this.channels = new Map(ir.channels.map((c) => [c.id, c]));
    this.events = new Map(ir.events.map((e) => [e.name, e]));
    this.operations = new Map(ir.operations.map((o) => [o.id, o]));
    for (const op of ir.operations) {
      for (const event of op.events) {
        const list = this.operationsByEvent.get(event);
        if (list) list.push(op);
        else this.operationsByEvent.set(event, [op]);
      }
    }
  }

  channel(id: string): ChannelIR {
    const found = this.channels.get(id);
    if (!found) throw new Error(`the IR names channel ${id} on an event but does not define it`);
    return found;
  }
}

export interface EventPair {
  name: string;
  before: EventIR | undefined;
  after: EventIR | undefined;
  old: CatalogIndex;
  new: CatalogIndex;
  /** The new catalog's events whose name the old one lacks (rename candidates). */
  added: EventIR[];
  equality: SchemaEquality;
  /** The directions the event's mode checks; catalog findings use the first. */
  directions: Direction[];
  checkers: Record<Direction, SubschemaChecker>;
  sides: { old: SchemaSide; new: SchemaSide };
}

export function catalogChanges(pair: EventPair): CompatFinding[] {
  const { before, after } = pair;
  if (before && !after) return [removal(pair, before)];
  if (!before || !after) return [];
  return [...contentType(pair, before, after), ...channels(pair, before, after), ...operations(pair, before, after)];
}

function removal(pair: EventPair, before: EventIR): CompatFinding {
  const renamed = pair.added.find((e) => sameList(e.channels, before.channels) && pair.equality.same(before.payload.schema, e.payload.schema));
  const severity = before.deprecated ? "warning" : "error";
  const note = before.deprecated ? " (it was deprecated)" : "";
  if (renamed) {
    const message = `event \`${before.name}\` was renamed to \`${renamed.name}\`${note}: consumers of \`${before.name}\` no longer receive it`;
    return finding(pair.name, "event-renamed", primary(pair), severity, "", renamed.location, "new", message);
  }
  const message = `event \`${before.name}\` was removed${note}`;
  return finding(pair.name, "event-removed", primary(pair), severity, "", before.location, "old", message);
}

function contentType(pair: EventPair, before: EventIR, after: EventIR): CompatFinding[] {
  if (before.contentType === after.contentType) return [];
  const message = `content type changed from \`${before.contentType}\` to \`${after.contentType}\``;
  return [finding(pair.name, "content-type-changed", primary(pair), "error", "/contentType", after.location, "new", message)];
}

function channels(pair: EventPair, before: EventIR, after: EventIR): CompatFinding[] {
  const out: CompatFinding[] = [];
  const gone = before.channels.filter((id) => !after.channels.includes(id));
  const fresh = after.channels.filter((id) => !before.channels.includes(id));
  gone.forEach((id, i) => {
    const oldChannel = pair.old.channel(id);
    const target = fresh[i];
    const pointer = `/channels/${escapeSegment(id)}`;
    if (target === undefined) {
      const message = `event is no longer carried on channel ${label(oldChannel)}`;
      out.push(finding(pair.name, "channel-moved", primary(pair), "error", pointer, oldChannel.location, "old", message));
      return;
    }
    const newChannel = pair.new.channel(target);
    if (pair.old.channels.has(target)) {
      const message = `event moved from channel ${label(oldChannel)} to channel ${label(newChannel)}`;
      out.push(finding(pair.name, "channel-moved", primary(pair), "error", pointer, newChannel.location, "new", message));
    } else {
      const message = `channel address changed from ${label(oldChannel)} to ${label(newChannel)}`;
      out.push(finding(pair.name, "channel-address-changed", primary(pair), "error", pointer, newChannel.location, "new", message));
    }
  });
  for (const id of before.channels.filter((c) => after.channels.includes(c))) out.push(...parameters(pair, pair.old.channel(id), pair.new.channel(id)));
  return out;
}

function parameters(pair: EventPair, before: ChannelIR, after: ChannelIR): CompatFinding[] {
  const out: CompatFinding[] = [];
  const pointer = (name: string) => `/channels/${escapeSegment(after.id)}/parameters/${escapeSegment(name)}`;
  for (const old of before.parameters) {
    const now = after.parameters.find((p) => p.name === old.name);
    if (!now) {
      const message = `parameter \`${old.name}\` was removed from channel ${label(after)}`;
      out.push(finding(pair.name, "channel-parameters-changed", primary(pair), "error", pointer(old.name), after.location, "new", message));
      continue;
    }
    for (const direction of pair.directions) {
      const [a, b, aSide, bSide] = direction === "backward" ? [old, now, pair.sides.old, pair.sides.new] : [now, old, pair.sides.new, pair.sides.old];
      const home = (p: typeof old) => ({ schema: p.schema, locations: { "": p.location } });
      const key = `parameter:${after.id}:${old.name}`;
      const problems = pair.checkers[direction].check(
        subOf(rootCursor(aSide, home(a), key, pointer(old.name), a.location)),
        subOf(rootCursor(bSide, home(b), key, pointer(old.name), b.location)),
      );
      if (problems.length === 0) continue;
      const message = `parameter \`${old.name}\` of channel ${label(after)}: ${problems.map((p) => p.message).join("; ")}`;
      out.push(finding(pair.name, "channel-parameters-changed", direction, "error", pointer(old.name), now.location, "new", message));
    }
  }
  for (const added of after.parameters.filter((p) => !before.parameters.some((o) => o.name === p.name))) {
    const message = `parameter \`${added.name}\` was added to channel ${label(after)}`;
    out.push(finding(pair.name, "channel-parameters-changed", primary(pair), "error", pointer(added.name), added.location, "new", message));
  }
  return out;
}

function operations(pair: EventPair, before: EventIR, after: EventIR): CompatFinding[] {
  const out: CompatFinding[] = [];
  for (const op of pair.new.operationsByEvent.get(after.name) ?? []) {
    const old = pair.old.operations.get(op.id);
    if (!old?.events.includes(before.name)) continue;
    if (old.action === op.action) continue;
    const message = `operation \`${op.id}\` of service \`${op.service}\` now ${op.action === "send" ? "sends" : "receives"} the event instead of ${old.action === "send" ? "sending" : "receiving"} it`;
    out.push(finding(pair.name, "operation-direction-changed", primary(pair), "error", `/operations/${escapeSegment(op.id)}`, op.location, "new", message));
  }
  return out;
}

function label(channel: ChannelIR): string {
  return `\`${channel.address ?? channel.id}\``;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function primary(pair: EventPair): Direction {
  return pair.directions[0]!;
}
