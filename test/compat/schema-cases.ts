/**
 * Single-change cases for the subschema check, written from the semantics of issue 6:
 * backward = every value valid under old is valid under new, forward = the reverse; `lenient`
 * reads a producer's record as sending only its declared properties, `strict` is exact set
 * inclusion. Verdicts: "full" (both hold), "backward", "forward", "none".
 */
import type { JsonSchema } from "../../generator/ir/types.js";
import type { CompatRule, Direction } from "../../generator/compat/rules.js";

export type Verdict = "full" | "backward" | "forward" | "none";

export interface SchemaCase {
  name: string;
  old: JsonSchema;
  new: JsonSchema;
  oldDefs?: Record<string, JsonSchema>;
  newDefs?: Record<string, JsonSchema>;
  want: Verdict | { lenient: Verdict; strict: Verdict };
  /** Rule every breaking direction reports (checked under both policies where breaking). */
  rule?: CompatRule;
  /** Directions that truly hold but that the engine cannot prove (it says so; never a pass). */
  conservative?: Direction[];
  /** Extra values for the ajv cross-check (engine-made samples of both sides are added). */
  samples?: unknown[];
}

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const num = { type: "number" } as const;
const obj = (properties: Record<string, JsonSchema>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: "object", properties, ...extra });
const closed = (properties: Record<string, JsonSchema>, extra: Record<string, unknown> = {}) => obj(properties, { additionalProperties: false, ...extra });
const kind = (value: string, extra: Record<string, JsonSchema> = {}) => obj({ kind: { const: value }, ...extra }, { required: ["kind"] });

export const SCHEMA_CASES: SchemaCase[] = [
  // properties: open and closed objects, nested
  { name: "optional property added to an open object", old: obj({ a: str }), new: obj({ a: str, b: str }), want: { lenient: "full", strict: "forward" }, rule: "additional-properties", samples: [{ b: 1 }] },
  { name: "optional property removed from an open object", old: obj({ a: str, b: str }), new: obj({ a: str }), want: { lenient: "full", strict: "backward" }, rule: "additional-properties", samples: [{ b: 1 }] },
  { name: "optional property added to a closed object", old: closed({ a: str }), new: closed({ a: str, b: str }), want: "backward", rule: "property-not-allowed" },
  { name: "optional property removed from a closed object", old: closed({ a: str, b: str }), new: closed({ a: str }), want: "forward", rule: "property-not-allowed" },
  { name: "required property added", old: obj({ a: str }), new: obj({ a: str, b: str }, { required: ["b"] }), want: "forward", rule: "property-required" },
  { name: "required property removed from an open object", old: obj({ a: str, b: str }, { required: ["b"] }), new: obj({ a: str }), want: "backward", rule: "property-required" },
  { name: "existing property made required", old: obj({ a: str, b: str }), new: obj({ a: str, b: str }, { required: ["b"] }), want: "forward", rule: "property-required" },
  { name: "required property made optional", old: obj({ a: str, b: str }, { required: ["b"] }), new: obj({ a: str, b: str }), want: "backward", rule: "property-required" },
  { name: "required property renamed", old: obj({ a: str, b: str }, { required: ["b"] }), new: obj({ a: str, c: str }, { required: ["c"] }), want: "none", rule: "property-required" },
  { name: "optional property renamed in a closed object", old: closed({ a: str, b: str }), new: closed({ a: str, c: str }), want: "none", rule: "property-not-allowed" },
  { name: "property removed from a closed nested object", old: obj({ contact: closed({ email: str, phone: str }) }), new: obj({ contact: closed({ email: str }) }), want: "forward", rule: "property-not-allowed" },
  { name: "nested property became required", old: obj({ contact: obj({ email: str }) }), new: obj({ contact: obj({ email: str }, { required: ["email"] }) }), want: "forward", rule: "property-required" },
  { name: "property type changed in a nested object", old: obj({ contact: obj({ age: int }) }), new: obj({ contact: obj({ age: str }) }), want: "none", rule: "type-changed" },
  { name: "property forbidden with a false schema", old: obj({ a: str, b: str }), new: obj({ a: str, b: false }), want: "forward", rule: "property-not-allowed" },
  { name: "required property with a default is still required", old: obj({ a: str }), new: obj({ a: str, b: { type: "string", default: "x" } }, { required: ["b"] }), want: "forward", rule: "property-required" },
  // additionalProperties and patternProperties
  { name: "additionalProperties false added", old: obj({ a: str }), new: closed({ a: str }), want: { lenient: "full", strict: "forward" }, rule: "additional-properties" },
  { name: "additionalProperties false removed", old: closed({ a: str }), new: obj({ a: str }), want: { lenient: "full", strict: "backward" }, rule: "additional-properties", samples: [{ b: 1 }] },
  { name: "additionalProperties schema narrowed", old: { type: "object", additionalProperties: { type: ["string", "number"] } }, new: { type: "object", additionalProperties: str }, want: "forward", rule: "additional-properties" },
  { name: "additionalProperties false on a free-form map", old: { type: "object" }, new: { type: "object", additionalProperties: false }, want: "forward", rule: "additional-properties" },
  { name: "patternProperties value narrowed", old: { type: "object", patternProperties: { "^x-": str } }, new: { type: "object", patternProperties: { "^x-": { type: "string", maxLength: 3 } } }, want: "forward", rule: "additional-properties" },
  { name: "minProperties added", old: obj({ a: str, b: str }), new: obj({ a: str, b: str }, { minProperties: 1 }), want: "forward", rule: "property-count" },
  { name: "maxProperties lowered", old: { type: "object", maxProperties: 5 }, new: { type: "object", maxProperties: 2 }, want: "forward", rule: "property-count" },
  { name: "propertyNames restricted", old: { type: "object", additionalProperties: str }, new: { type: "object", additionalProperties: str, propertyNames: { pattern: "^[a-z]+$" } }, want: "forward", rule: "property-names" },
  // types
  { name: "type changed from string to number", old: str, new: num, want: "none", rule: "type-changed" },
  { name: "integer widened to number", old: int, new: num, want: "backward", rule: "type-changed" },
  { name: "number narrowed to integer", old: num, new: int, want: "forward", rule: "type-changed" },
  { name: "null allowed (type list)", old: str, new: { type: ["string", "null"] }, want: "backward", rule: "type-changed" },
  { name: "null no longer allowed", old: { type: ["string", "null"] }, new: str, want: "forward", rule: "type-changed" },
  { name: "null allowed through anyOf", old: str, new: { anyOf: [str, { type: "null" }] }, want: "backward", rule: "type-changed" },
  { name: "type removed from a type list", old: { type: ["string", "boolean"] }, new: str, want: "forward", rule: "type-changed" },
  { name: "untyped schema gets a type", old: { properties: { a: str } }, new: obj({ a: str }), want: "forward", rule: "type-changed" },
  // enum and const
  { name: "enum value added", old: { enum: ["a", "b"] }, new: { enum: ["a", "b", "c"] }, want: "backward", rule: "enum-changed" },
  { name: "enum value removed", old: { enum: ["a", "b", "c"] }, new: { enum: ["a", "b"] }, want: "forward", rule: "enum-changed" },
  { name: "enum added to a string", old: str, new: { type: "string", enum: ["a", "b"] }, want: "forward", rule: "enum-changed" },
  { name: "enum removed from a string", old: { type: "string", enum: ["a", "b"] }, new: str, want: "backward", rule: "enum-changed" },
  { name: "const changed", old: { const: "v1" }, new: { const: "v2" }, want: "none", rule: "enum-changed" },
  { name: "const widened to an enum", old: { const: "a" }, new: { enum: ["a", "b"] }, want: "backward", rule: "enum-changed" },
  { name: "enum beside const leaves no value", old: { const: 1 }, new: { const: 1, enum: ["x"] }, want: "forward", samples: [1] },
  { name: "enum reordered", old: { enum: ["a", "b", "c"] }, new: { enum: ["c", "a", "b"] }, want: "full" },
  { name: "boolean restricted to true", old: { type: "boolean" }, new: { const: true }, want: "forward", rule: "enum-changed" },
  { name: "small integer range written as an enum", old: { type: "integer", minimum: 1, maximum: 3 }, new: { enum: [1, 2, 3] }, want: "full" },
  { name: "value excluded with not/enum", old: str, new: { type: "string", not: { enum: ["x"] } }, want: "forward", rule: "enum-changed", samples: ["x"] },
  // strings
  { name: "minLength raised", old: { type: "string", minLength: 1 }, new: { type: "string", minLength: 3 }, want: "forward", rule: "string-length" },
  { name: "maxLength lowered", old: { type: "string", maxLength: 100 }, new: { type: "string", maxLength: 50 }, want: "forward", rule: "string-length" },
  { name: "maxLength removed", old: { type: "string", maxLength: 50 }, new: str, want: "backward", rule: "string-length" },
  { name: "pattern added", old: str, new: { type: "string", pattern: "^[a-z]+$" }, want: "forward", rule: "pattern" },
  { name: "pattern removed", old: { type: "string", pattern: "^[a-z]+$" }, new: str, want: "backward", rule: "pattern" },
  { name: "pattern replaced by an unrelated one", old: { type: "string", pattern: "^[a-z]+$" }, new: { type: "string", pattern: "^[0-9]+$" }, want: "none", rule: "pattern" },
  { name: "pattern loosened (not provable)", old: { type: "string", pattern: "^[a-z]{3}$" }, new: { type: "string", pattern: "^[a-z]+$" }, want: "none", conservative: ["backward"], rule: "pattern" },
  { name: "format added", old: str, new: { type: "string", format: "email" }, want: "forward", rule: "format" },
  { name: "format removed", old: { type: "string", format: "email" }, new: str, want: "backward", rule: "format" },
  { name: "format changed", old: { type: "string", format: "email" }, new: { type: "string", format: "uuid" }, want: "none", rule: "format" },
  { name: "number format added", old: int, new: { type: "integer", format: "int32" }, want: "forward", rule: "format" },
  // numbers
  { name: "minimum raised", old: { type: "number", minimum: 0 }, new: { type: "number", minimum: 1 }, want: "forward", rule: "numeric-range" },
  { name: "maximum lowered", old: { type: "number", maximum: 100 }, new: { type: "number", maximum: 10 }, want: "forward", rule: "numeric-range" },
  { name: "maximum removed", old: { type: "number", maximum: 100 }, new: num, want: "backward", rule: "numeric-range" },
  { name: "minimum made exclusive", old: { type: "number", minimum: 0 }, new: { type: "number", exclusiveMinimum: 0 }, want: "forward", rule: "numeric-range" },
  { name: "integer exclusiveMinimum 0 rewritten as minimum 1", old: { type: "integer", exclusiveMinimum: 0 }, new: { type: "integer", minimum: 1 }, want: "full" },
  { name: "multipleOf added", old: num, new: { type: "number", multipleOf: 2 }, want: "forward", rule: "multiple-of" },
  { name: "multipleOf refined from 2 to 4", old: { type: "integer", multipleOf: 2 }, new: { type: "integer", multipleOf: 4 }, want: "forward", rule: "multiple-of" },
  { name: "multipleOf relaxed from 4 to 2", old: { type: "integer", multipleOf: 4 }, new: { type: "integer", multipleOf: 2 }, want: "backward", rule: "multiple-of" },
  { name: "integer range split over anyOf branches", old: { type: "integer", minimum: 0, maximum: 100 }, new: { anyOf: [{ type: "integer", minimum: 0, maximum: 50 }, { type: "integer", minimum: 51, maximum: 100 }] }, want: "full" },
  { name: "range split with a gap", old: { type: "integer", minimum: 0, maximum: 100 }, new: { anyOf: [{ type: "integer", minimum: 0, maximum: 40 }, { type: "integer", minimum: 51, maximum: 100 }] }, want: "forward", rule: "branches", samples: [45] },
  // arrays
  { name: "array items narrowed", old: { type: "array", items: { type: ["string", "number"] } }, new: { type: "array", items: str }, want: "forward", rule: "type-changed" },
  { name: "minItems added", old: { type: "array", items: str }, new: { type: "array", items: str, minItems: 1 }, want: "forward", rule: "array-length" },
  { name: "maxItems lowered", old: { type: "array", maxItems: 10 }, new: { type: "array", maxItems: 5 }, want: "forward", rule: "array-length" },
  { name: "uniqueItems added", old: { type: "array", items: str }, new: { type: "array", items: str, uniqueItems: true }, want: "forward", rule: "unique-items" },
  { name: "uniqueItems removed", old: { type: "array", items: str, uniqueItems: true }, new: { type: "array", items: str }, want: "backward", rule: "unique-items" },
  { name: "closed tuple extended", old: { type: "array", items: [str], additionalItems: false }, new: { type: "array", items: [str, num], additionalItems: false }, want: "backward", rule: "array-length" },
  { name: "contains added", old: { type: "array", items: int }, new: { type: "array", items: int, contains: { const: 0 } }, want: "forward", rule: "contains" },
  { name: "array item object gets a required property", old: { type: "array", items: obj({ id: str }) }, new: { type: "array", items: obj({ id: str }, { required: ["id"] }) }, want: "forward", rule: "property-required" },
  // oneOf / anyOf / allOf
  { name: "oneOf branch added (disjoint)", old: { oneOf: [kind("a"), kind("b")] }, new: { oneOf: [kind("a"), kind("b"), kind("c")] }, want: "backward", rule: "branches" },
  { name: "oneOf branch removed", old: { oneOf: [kind("a"), kind("b")] }, new: { oneOf: [kind("a")] }, want: "forward" },
  {
    name: "oneOf branch added that overlaps an existing one",
    old: { oneOf: [kind("a"), kind("b")] },
    new: { oneOf: [kind("a"), kind("b"), obj({ kind: { enum: ["a", "c"] } }, { required: ["kind"] })] },
    want: "none",
    rule: "one-of-overlap",
  },
  { name: "anyOf turned into oneOf with overlapping branches", old: { anyOf: [str, { type: "string", maxLength: 5 }] }, new: { oneOf: [str, { type: "string", maxLength: 5 }] }, want: "forward", rule: "one-of-overlap" },
  {
    name: "unchanged overlapping oneOf, another property made optional",
    old: obj({ b: { oneOf: [{ type: "integer" }, { type: "number", minimum: 0 }] }, c: str }, { required: ["b", "c"] }),
    new: obj({ b: { oneOf: [{ type: "integer" }, { type: "number", minimum: 0 }] }, c: str }, { required: ["b"] }),
    want: "backward",
    rule: "property-required",
  },
  {
    name: "oneOf reached through an anyOf branch is not taken for granted",
    old: { anyOf: [{ oneOf: [int, { type: "number", minimum: 0 }] }, { type: "integer", maximum: 5 }] },
    new: { oneOf: [int, { type: "number", minimum: 0 }] },
    want: "forward",
    rule: "one-of-overlap",
    samples: [1],
  },
  { name: "anyOf branch widened from integer to number", old: { anyOf: [str, int] }, new: { anyOf: [str, num] }, want: "backward", rule: "type-changed" },
  { name: "allOf adds a required property", old: obj({ a: str }), new: { allOf: [obj({ a: str }), { required: ["a"] }] }, want: "forward", rule: "property-required" },
  { name: "object split into allOf parts (same meaning)", old: obj({ a: str, b: int }, { required: ["a"] }), new: { allOf: [obj({ a: str }, { required: ["a"] }), obj({ b: int })] }, want: "full" },
  {
    name: "if/then makes a property conditionally required",
    old: obj({ kind: str, value: str }),
    new: { ...obj({ kind: str, value: str }), if: { properties: { kind: { const: "a" } }, required: ["kind"] }, then: { required: ["value"] } },
    want: "forward",
    rule: "branches",
  },
  // dependencies
  { name: "property dependency added", old: obj({ a: str, b: str }), new: obj({ a: str, b: str }, { dependencies: { a: ["b"] } }), want: "forward", rule: "dependencies" },
  { name: "property dependency removed", old: obj({ a: str, b: str }, { dependencies: { a: ["b"] } }), new: obj({ a: str, b: str }), want: "backward", rule: "dependencies" },
  { name: "schema dependency added", old: obj({ a: str, b: int }), new: obj({ a: str, b: int }, { dependencies: { a: obj({ b: { type: "integer", minimum: 0 } }) } }), want: "forward" },
  // $ref
  { name: "inline schema moved to a $ref (identical)", old: obj({ address: obj({ city: str }) }), new: obj({ address: { $ref: "#/$defs/Address" } }), newDefs: { Address: obj({ city: str }) }, want: "full" },
  {
    name: "$ref retargeted to a stricter schema",
    old: obj({ address: { $ref: "#/$defs/Address" } }),
    oldDefs: { Address: obj({ city: str }) },
    new: obj({ address: { $ref: "#/$defs/PostalAddress" } }),
    newDefs: { Address: obj({ city: str }), PostalAddress: obj({ city: str, zip: str }, { required: ["zip"] }) },
    want: "forward",
    rule: "property-required",
  },
  {
    name: "recursive schema: node value narrowed to integer",
    old: { $ref: "#/$defs/Node" },
    oldDefs: { Node: obj({ value: num, children: { type: "array", items: { $ref: "#/$defs/Node" } } }) },
    new: { $ref: "#/$defs/Node" },
    newDefs: { Node: obj({ value: int, children: { type: "array", items: { $ref: "#/$defs/Node" } } }) },
    want: "forward",
    rule: "type-changed",
  },
  { name: "annotations only (description, examples, default)", old: obj({ a: str }), new: obj({ a: { type: "string", description: "A", examples: ["x"], default: "y" } }, { title: "T" }), want: "full" },
];
