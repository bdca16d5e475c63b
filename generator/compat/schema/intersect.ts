/** Intersection (allOf) and union (anyOf) of normal forms. */
import { conjoin, type Sub } from "./cursor.js";
import { isTopAlt, tighterMax, tighterMin, type Alt, type ArrayAlt, type Norm, type NumberAlt, type ObjectAlt, type StringAlt } from "./norm.js";
import { sameJson } from "./schema-equal.js";

export function intersectNorm(x: Norm, y: Norm): Norm {
  const alts: Alt[] = [];
  for (const a of x.alts) {
    for (const b of y.alts) {
      if (a.type !== b.type) continue;
      if (isTopAlt(a)) alts.push(b);
      else if (isTopAlt(b)) alts.push(a);
      else alts.push(intersectAlt(a, b));
    }
  }
  return { alts, groups: [...x.groups, ...y.groups] };
}

/**
 * Union. A `oneOf` group inside a branch is kept for the whole union, which can only make the
 * union smaller: conservative on the side that must include the other.
 */
export function unionNorm(norms: readonly Norm[]): Norm {
  const all = norms.flatMap((n) => n.alts);
  const tops = new Set(all.filter(isTopAlt).map((a) => a.type));
  const alts = all.filter((a) => !tops.has(a.type) || isTopAlt(a)).filter((a, i, list) => !isTopAlt(a) || list.findIndex((b) => b.type === a.type) === i);
  const groups = norms.flatMap((n) => n.groups);
  return { alts, groups: norms.length > 1 ? groups.map((g) => ({ ...g, conditional: true as const })) : groups };
}

export function intersectAlt<T extends Alt>(a: T, b: T): T {
  const base = {
    origin: a.origin,
    notEnum: [...a.notEnum, ...b.notEnum],
    extras: [...a.extras, ...b.extras],
    ...(a.enum || b.enum ? { enum: intersectValues(a.enum, b.enum) } : {}),
  };
  switch (a.type) {
    case "null":
    case "boolean":
      return { ...a, ...base };
    case "number":
      return { ...a, ...base, ...numbers(a, b as NumberAlt) };
    case "string":
      return { ...a, ...base, ...strings(a, b as StringAlt) };
    case "array":
      return { ...a, ...base, ...arrays(a, b as ArrayAlt) };
    case "object":
      return { ...a, ...base, ...objects(a, b as ObjectAlt) };
  }
  throw new Error("unreachable");
}

function intersectValues(a: unknown[] | undefined, b: unknown[] | undefined): unknown[] {
  if (!a || !b) return (a ?? b)!;
  return a.filter((v) => b.some((w) => sameJson(v, w)));
}

function numbers(a: NumberAlt, b: NumberAlt): Partial<NumberAlt> {
  const min = tighterMin(a.min, b.min);
  const max = tighterMax(a.max, b.max);
  return {
    integer: a.integer || b.integer,
    multipleOf: unique([...a.multipleOf, ...b.multipleOf]),
    formats: unique([...a.formats, ...b.formats]),
    ...(min ? { min } : {}),
    ...(max ? { max } : {}),
  };
}

function strings(a: StringAlt, b: StringAlt): Partial<StringAlt> {
  const maxLength = minOf(a.maxLength, b.maxLength);
  return {
    minLength: Math.max(a.minLength, b.minLength),
    ...(maxLength === undefined ? {} : { maxLength }),
    patterns: unique([...a.patterns, ...b.patterns]),
    notPatterns: unique([...a.notPatterns, ...b.notPatterns]),
    formats: unique([...a.formats, ...b.formats]),
  };
}

/** The schema of item `index`. */
export function itemAt(alt: ArrayAlt, index: number): Sub {
  return index < alt.prefix.length ? alt.prefix[index]! : alt.rest;
}

function arrays(a: ArrayAlt, b: ArrayAlt): Partial<ArrayAlt> {
  const length = Math.max(a.prefix.length, b.prefix.length);
  const maxItems = minOf(a.maxItems, b.maxItems);
  return {
    prefix: Array.from({ length }, (_, i) => conjoin(itemAt(a, i), itemAt(b, i))),
    rest: conjoin(a.rest, b.rest),
    minItems: Math.max(a.minItems, b.minItems),
    ...(maxItems === undefined ? {} : { maxItems }),
    unique: a.unique || b.unique,
    contains: [...a.contains, ...b.contains],
  };
}

function objects(a: ObjectAlt, b: ObjectAlt): Partial<ObjectAlt> {
  const maxProperties = minOf(a.maxProperties, b.maxProperties);
  return {
    parts: [...a.parts, ...b.parts],
    required: unique([...a.required, ...b.required]),
    minProperties: Math.max(a.minProperties, b.minProperties),
    ...(maxProperties === undefined ? {} : { maxProperties }),
    dependentRequired: [...a.dependentRequired, ...b.dependentRequired],
    dependentSchemas: [...a.dependentSchemas, ...b.dependentSchemas],
    propertyNames: [...a.propertyNames, ...b.propertyNames],
  };
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
