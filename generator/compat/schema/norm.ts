/**
 * The normal form the subschema check works on: a schema is a union of alternatives, each of
 * exactly one JSON type with that type's constraints (integer is a flag on number). `allOf`
 * intersects, `anyOf` unions, `oneOf` unions plus an exclusivity group, `not` complements
 * (what cannot be complemented stays as an opaque `extras` conjunct the checker treats
 * conservatively). Subschemas below (properties, items...) stay lazy `Sub`s, which keeps
 * recursive schemas finite.
 */
import { subOf, synthetic, type Cursor, type Sub, type SubPart } from "./cursor.js";
import { isTrivial } from "./schema-equal.js";

export type AltType = "null" | "boolean" | "number" | "string" | "array" | "object";
export const ALT_TYPES: readonly AltType[] = ["null", "boolean", "number", "string", "array", "object"];

export interface Norm {
  alts: Alt[];
  /** `oneOf`s: a value matching two branches of one group is invalid. */
  groups: ExclusiveGroup[];
}

export interface ExclusiveGroup {
  branches: Norm[];
  /** The `oneOf` node (its schema is the list of branches). */
  cursor: Cursor;
  /**
   * Hoisted out of an anyOf branch: it binds only values taken through that branch, but is
   * applied to the whole union (a smaller set: safe on the B side, never relied on for A).
   */
  conditional?: true;
}

interface AltBase {
  /** The schema node the alternative comes from (the most specific one). */
  origin: Cursor;
  /** Allowed values (enum / const), when restricted. */
  enum?: unknown[];
  /** Excluded values (`not: { enum }`). */
  notEnum: unknown[];
  /** Conjuncts the normal form cannot express (e.g. `not` of a complex schema). */
  extras: SubPart[];
}

export interface NullAlt extends AltBase {
  type: "null";
}
export interface BooleanAlt extends AltBase {
  type: "boolean";
}

export interface Bound {
  value: number;
  exclusive: boolean;
}
export interface NumberAlt extends AltBase {
  type: "number";
  integer: boolean;
  min?: Bound;
  max?: Bound;
  multipleOf: number[];
  /** Number formats (int32, float...). */
  formats: string[];
}

export interface StringAlt extends AltBase {
  type: "string";
  minLength: number;
  maxLength?: number;
  patterns: string[];
  notPatterns: string[];
  formats: string[];
}

export interface ArrayAlt extends AltBase {
  type: "array";
  /** Schemas of the first items (tuple `items`); later items follow `rest`. */
  prefix: Sub[];
  rest: Sub;
  minItems: number;
  maxItems?: number;
  unique: boolean;
  contains: Sub[];
}

export interface ObjectPart {
  origin: Cursor;
  properties: Map<string, Sub>;
  patterns: Array<{ source: string; sub: Sub }>;
  /** Undefined: any value (absent or `true`). */
  additional?: Sub;
}
export interface ObjectAlt extends AltBase {
  type: "object";
  /** A conjunction: each part's properties/patternProperties/additionalProperties all apply. */
  parts: ObjectPart[];
  required: string[];
  minProperties: number;
  maxProperties?: number;
  /** `dependencies` with a list: key present -> these keys present. */
  dependentRequired: Array<{ key: string; requires: string[] }>;
  /** `dependencies` with a schema: key present -> the object matches the schema. */
  dependentSchemas: Array<{ key: string; sub: Sub }>;
  propertyNames: Sub[];
}

export type Alt = NullAlt | BooleanAlt | NumberAlt | StringAlt | ArrayAlt | ObjectAlt;

export const EMPTY_NORM: Norm = { alts: [], groups: [] };

/** The unconstrained alternative of a type. */
export function topAlt(type: AltType, origin: Cursor): Alt {
  const base = { origin, notEnum: [], extras: [] };
  switch (type) {
    case "null":
    case "boolean":
      return { ...base, type };
    case "number":
      return { ...base, type, integer: false, multipleOf: [], formats: [] };
    case "string":
      return { ...base, type, minLength: 0, patterns: [], notPatterns: [], formats: [] };
    case "array":
      return { ...base, type, prefix: [], rest: subOf(synthetic(origin, "absent", true, ["items"], "/*")), minItems: 0, unique: false, contains: [] };
    case "object":
      return {
        ...base, type, parts: [], required: [], minProperties: 0, dependentRequired: [], dependentSchemas: [], propertyNames: [],
      };
  }
}

/** No constraint beyond the type (so a union holding it needs no other alternative of that type). */
export function isTopAlt(alt: Alt): boolean {
  if (alt.enum !== undefined || alt.notEnum.length > 0 || alt.extras.length > 0) return false;
  switch (alt.type) {
    case "null":
    case "boolean":
      return true;
    case "number":
      return !alt.integer && !alt.min && !alt.max && alt.multipleOf.length === 0 && alt.formats.length === 0;
    case "string":
      return alt.minLength === 0 && alt.maxLength === undefined && !alt.patterns.length && !alt.notPatterns.length && !alt.formats.length;
    case "array":
      return alt.prefix.every(isTrueSub) && isTrueSub(alt.rest) && alt.minItems === 0 && alt.maxItems === undefined && !alt.unique && !alt.contains.length;
    case "object":
      return (
        alt.parts.every((p) => [...p.properties.values()].every(isTrueSub) && p.patterns.every((q) => isTrueSub(q.sub)) && (!p.additional || isTrueSub(p.additional))) &&
        !alt.required.length && alt.minProperties === 0 && alt.maxProperties === undefined &&
        !alt.dependentRequired.length && !alt.dependentSchemas.length && !alt.propertyNames.length
      );
  }
}

/** A Sub that syntactically accepts everything (no parts, or only `true` / `{}` parts). */
export function isTrueSub(sub: Sub): boolean {
  return sub.parts.every((p) => !p.negated && isTrivial(p.cursor.schema));
}

/** The tighter of two lower bounds (an exclusive bound beats an inclusive one at the same value). */
export function tighterMin(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return a.exclusive ? a : b;
}
/** The tighter of two upper bounds. */
export function tighterMax(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.value !== b.value) return a.value < b.value ? a : b;
  return a.exclusive ? a : b;
}
