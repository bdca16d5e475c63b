/**
 * Compares two catalogs event by event: payload and headers schemas in the directions the
 * event's mode asks for (backward: old ⊆ new, forward: new ⊆ old), then the catalog around
 * them (removal, channels, content type, operations).
 */
import type { SourceLocation } from "../diagnostics.js";
import type { CatalogIR, CompatMode, EventIR, SchemaIR } from "../ir/types.js";
import { CatalogIndex, catalogChanges } from "./changes/catalog-changes.js";
import { locate, rootCursor, subOf, type SchemaSide } from "./schema/cursor.js";
import { Normalizer } from "./schema/normalize.js";
import type { Problem } from "./schema/problem.js";
import { relocate } from "./changes/locate-finding.js";
import { serviceImpact } from "./changes/service-impact.js";
import { finding, sortFindings, type CompatFinding, type Direction } from "./rules.js";
import { SchemaEquality } from "./schema/schema-equal.js";
import { SubschemaChecker } from "./schema/subschema-checker.js";

export type CheckMode = Exclude<CompatMode, "none">;
export type CompatPolicy = "lenient" | "strict";

export interface CompareOptions {
  /** Overrides every event's mode (`--mode`). */
  mode?: CheckMode;
  /** Default `lenient`. */
  policy?: CompatPolicy;
}

export interface ComparedEvent {
  name: string;
  mode: CompatMode;
  change: "unchanged" | "changed" | "added" | "removed";
}

export interface CompareResult {
  findings: CompatFinding[];
  /** Every event of either catalog, sorted by name. */
  events: ComparedEvent[];
}

/** A catalog value the check cannot work with (e.g. an unknown `x-compat-mode`). */
export class CompatInputError extends Error {
  constructor(
    readonly location: SourceLocation,
    readonly side: "old" | "new",
    message: string,
  ) {
    super(message);
  }
}

const MODES: readonly CompatMode[] = ["backward", "forward", "full", "none"];

function directionsOf(mode: CompatMode): Direction[] {
  return mode === "full" ? ["backward", "forward"] : mode === "none" ? [] : [mode];
}

export function compareCatalogs(oldIr: CatalogIR, newIr: CatalogIR, options: CompareOptions = {}): CompareResult {
  const sides = { old: { label: "old", ir: oldIr } as SchemaSide, new: { label: "new", ir: newIr } as SchemaSide };
  const normalizer = new Normalizer();
  const equality = new SchemaEquality(oldIr, newIr);
  const lenient = (options.policy ?? "lenient") === "lenient";
  const checkers = {
    backward: new SubschemaChecker(normalizer, equality, { lenient, bIsNew: true }),
    forward: new SubschemaChecker(normalizer, new SchemaEquality(newIr, oldIr), { lenient, bIsNew: false }),
  };
  const index = { old: new CatalogIndex(oldIr), new: new CatalogIndex(newIr) };
  const oldEvents = index.old.events;
  const newEvents = index.new.events;
  const added = newIr.events.filter((e) => !oldEvents.has(e.name));
  const findings: CompatFinding[] = [];
  const events: ComparedEvent[] = [];
  const modeOf = (event: EventIR, side: "old" | "new") => options.mode ?? eventMode(event, side) ?? newIr.settings.compat.mode;

  for (const name of [...new Set([...oldEvents.keys(), ...newEvents.keys()])].sort()) {
    const before = oldEvents.get(name);
    const after = newEvents.get(name);
    const mode = modeOf((after ?? before)!, after ? "new" : "old");
    const found: CompatFinding[] = [];
    if (before && after && mode !== "none" && !sameSchemas(equality, before, after)) {
      for (const direction of directionsOf(mode)) {
        const checker = checkers[direction];
        for (const part of ["payload", "headers"] as const) {
          const [a, b] = direction === "backward" ? [before, after] : [after, before];
          const aSide = direction === "backward" ? sides.old : sides.new;
          const bSide = direction === "backward" ? sides.new : sides.old;
          const problems = checker.check(
            subOf(rootCursor(aSide, schemaPart(a, part), `${part}:${name}`, `/${part}`, a.location)),
            subOf(rootCursor(bSide, schemaPart(b, part), `${part}:${name}`, `/${part}`, b.location)),
          );
          found.push(...problems.map((p) => fromProblem(name, direction, p)));
        }
      }
    }
    if (mode !== "none") found.push(...catalogChanges({ name, before, after, ...index, added, equality, directions: directionsOf(mode), checkers, sides }));
    findings.push(...found.map((f) => withImpact(relocate(f, index.old, index.new), before, after)));
    events.push({ name, mode, change: !before ? "added" : !after ? "removed" : found.length ? "changed" : "unchanged" });
  }
  return { findings: sortFindings(findings), events };
}

/** No headers schema: headers are still a map, of anything. */
const ANY_HEADERS: SchemaIR = { schema: { type: "object" }, locations: {} };

/**
 * Payload and headers structurally equal (annotations aside): no direction can find a problem,
 * so an unchanged event (most of a catalog) is compared once, not once per direction.
 */
function sameSchemas(equality: SchemaEquality, before: EventIR, after: EventIR): boolean {
  return (["payload", "headers"] as const).every((part) => equality.same(schemaPart(before, part).schema, schemaPart(after, part).schema));
}

function schemaPart(event: EventIR, part: "payload" | "headers"): SchemaIR {
  return part === "payload" ? event.payload : (event.headers ?? ANY_HEADERS);
}

function eventMode(event: EventIR, side: "old" | "new"): CompatMode | undefined {
  const value = event.extensions["x-compat-mode"];
  if (value === undefined) return undefined;
  if (!MODES.includes(value as CompatMode)) {
    throw new CompatInputError(event.location, side, `event ${event.name}: x-compat-mode must be one of ${MODES.join(", ")} (got ${JSON.stringify(value)})`);
  }
  return value as CompatMode;
}

function withImpact(finding: CompatFinding, before: EventIR | undefined, after: EventIR | undefined): CompatFinding {
  const services = serviceImpact(finding, before, after);
  return services.length ? { ...finding, services } : finding;
}

function fromProblem(event: string, direction: Direction, problem: Problem): CompatFinding {
  const at = locate(problem.at);
  return finding(event, problem.rule, direction, "error", problem.at.path, at, problem.at.side.label, problem.message);
}
