/**
 * What `eventsmith compat` reports: findings, each with a stable rule id. Rule ids, pointers and
 * fingerprints are a contract (CI output, ignore files), so they never depend on line numbers.
 */
import { createHash } from "node:crypto";
import type { Severity, SourceLocation } from "../diagnostics.js";

export type Direction = "backward" | "forward";

/** Every rule a finding can carry, with what it means. */
export const COMPAT_RULES = {
  // payload and headers schemas
  "type-changed": "a JSON type (or integer/number, or null) is accepted on one side only",
  "enum-changed": "an enum or const excludes values the other side accepts",
  "property-required": "a property is required on one side only",
  "property-not-allowed": "a property one side may send is not allowed by the other (closed object)",
  "additional-properties": "undeclared properties are restricted on one side only",
  "property-names": "propertyNames rejects a property name the other side may send",
  "property-count": "minProperties / maxProperties exclude objects the other side accepts",
  dependencies: "a property dependency requires what the other side may omit",
  "string-length": "minLength / maxLength exclude strings the other side accepts",
  pattern: "a pattern excludes strings the other side accepts",
  format: "a format is asserted on one side only",
  "numeric-range": "minimum / maximum (exclusive or not) exclude numbers the other side accepts",
  "multiple-of": "multipleOf excludes numbers the other side accepts",
  "array-length": "minItems / maxItems exclude arrays the other side accepts",
  "unique-items": "uniqueItems rejects duplicates the other side accepts",
  contains: "contains requires an item the other side may omit",
  branches: "a value does not match any anyOf / oneOf branch of the other side",
  "one-of-overlap": "oneOf branches overlap, so a value may match two of them and be rejected",
  unprovable: "a constraint (e.g. `not`) whose inclusion could not be decided",
  // the catalog around the schemas
  "event-removed": "an event no longer exists",
  "event-renamed": "an event appears under a new name (same payload and channels)",
  "channel-address-changed": "the event's channel has a new address",
  "channel-parameters-changed": "the channel's address parameters changed",
  "channel-moved": "the event moved to another existing channel",
  "content-type-changed": "the event's content type changed",
  "operation-direction-changed": "an operation now receives what it sent, or sends what it received",
} as const;

export type CompatRule = keyof typeof COMPAT_RULES;

export interface CompatFinding {
  event: string;
  rule: CompatRule;
  direction: Direction;
  severity: Severity;
  /** JSON Pointer into the message, through resolved `$ref`s: `/payload/properties/email`, `/channel`. */
  pointer: string;
  /** The YAML node it is about, in the new catalog (the old one for removals); file relative to the catalog root. */
  file: string;
  line: number;
  column: number;
  message: string;
  fingerprint: string;
  /** Which catalog `file` belongs to: the new one, unless the new catalog lost the whole file. */
  side: "old" | "new";
  /** The same node in the base catalog (file relative to its root), when it exists there. */
  base?: SourceLocation;
  /** Services a breaking finding breaks, and how (see service-impact.ts). */
  services?: ServiceImpact[];
  /** With `--transitive`: the released versions it breaks, newest first. */
  releases?: string[];
}

/** A service that produces or consumes the event, and how the change breaks it. */
export interface ServiceImpact {
  service: string;
  role: "producer" | "consumer";
  how: string;
}

/** A pointer into the payload or headers schema (the other findings are about the catalog around them). */
export function isSchemaPointer(pointer: string): boolean {
  return /^\/(payload|headers)(\/|$)/.test(pointer);
}

/** Stable across runs and line moves: what changed and where, never where it sits in the file. */
export function fingerprint(event: string, rule: CompatRule, pointer: string, direction: Direction): string {
  return createHash("sha256").update(`${event}\0${rule}\0${pointer}\0${direction}`).digest("hex").slice(0, 16);
}

/** Findings in a stable order: event, then pointer, rule, direction, message. */
export function sortFindings(findings: readonly CompatFinding[]): CompatFinding[] {
  const key = (f: CompatFinding) => [f.event, f.pointer, f.rule, f.direction, f.message];
  return [...findings].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
}

export function finding(
  event: string,
  rule: CompatRule,
  direction: Direction,
  severity: Severity,
  pointer: string,
  at: SourceLocation,
  side: "old" | "new",
  message: string,
): CompatFinding {
  return {
    event, rule, direction, severity, pointer, file: at.file, line: at.line, column: at.column, message,
    fingerprint: fingerprint(event, rule, pointer, direction), side,
  };
}
