/**
 * Generated examples: each honours its schema (checked with the ajv configuration of the
 * generated validators) and reads like data a person would write.
 */
import { describe, expect, it } from "vitest";
import { sampleSchema } from "../../generator/emit/docs/example-sampler.js";
import { sampleForPattern } from "../../generator/emit/docs/pattern-sampler.js";
import { standaloneSchema } from "../../generator/ir/standalone-schema.js";
import type { JsonSchema, NamedSchemaIR } from "../../generator/ir/types.js";
import { createAjv } from "../../generator/schema/create-ajv.js";

const at = { file: "test.yaml", line: 1, column: 1 };
const named = (schemas: Record<string, JsonSchema>): Record<string, NamedSchemaIR> =>
  Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, { name, schema, locations: {}, source: `test.yaml#/${name}`, location: at }]));

const cases: { name: string; schemas?: Record<string, JsonSchema>; given: JsonSchema; want: unknown }[] = [
  {
    name: "types, formats, enums and const",
    given: {
      type: "object",
      required: ["id", "at", "kind", "version"],
      properties: { id: { type: "string", format: "uuid" }, at: { type: "string", format: "date-time" }, kind: { enum: ["a", "b"] }, version: { const: 2 }, ok: { type: "boolean" }, none: { type: "null" } },
    },
    want: { id: "3f2b8c1e-9d4a-4c7b-8e2f-5a6b7c8d9e0f", at: "2026-01-27T10:00:00Z", kind: "a", version: 2, ok: true, none: null },
  },
  {
    name: "numeric and length bounds",
    given: {
      type: "object",
      properties: {
        count: { type: "integer", minimum: 3, maximum: 9 },
        score: { type: "number", exclusiveMinimum: 0, maximum: 1 },
        price: { type: "number", minimum: 0.5, multipleOf: 0.25 },
        below: { type: "integer", maximum: -4 },
        code: { type: "string", minLength: 6, maxLength: 8 },
        short: { type: "string", maxLength: 3 },
      },
    },
    want: { count: 3, score: 0.5, price: 0.5, below: -4, code: "codecode".slice(0, 8), short: "sho" },
  },
  {
    name: "patterns",
    given: { type: "object", properties: { currency: { type: "string", pattern: "^[A-Z]{3}$" }, phone: { type: "string", pattern: "^\\+[1-9][0-9]{1,14}$" } } },
    want: { currency: "AAA", phone: "+10" },
  },
  {
    name: "author examples and defaults come first",
    given: { type: "object", properties: { city: { type: "string", examples: ["Lisbon"] }, tier: { type: "string", default: "gold" } } },
    want: { city: "Lisbon", tier: "gold" },
  },
  {
    name: "$refs and allOf",
    schemas: { Money: { type: "object", required: ["amount", "currency"], properties: { amount: { type: "number", minimum: 0 }, currency: { type: "string", pattern: "^[A-Z]{3}$" } } } },
    given: { allOf: [{ $ref: "#/$defs/Money" }, { type: "object", properties: { note: { type: "string" } } }] },
    want: { amount: 0, currency: "AAA", note: "note" },
  },
  {
    name: "arrays honour minItems and uniqueItems",
    given: { type: "object", properties: { tags: { type: "array", items: { type: "string" }, minItems: 2, uniqueItems: true } } },
    want: { tags: ["tag", "tag2"] },
  },
  {
    name: "oneOf takes a branch",
    schemas: { Card: { type: "object", required: ["last4"], properties: { last4: { type: "string", pattern: "^[0-9]{4}$" } }, additionalProperties: false } },
    given: { type: "object", required: ["method"], properties: { method: { oneOf: [{ $ref: "#/$defs/Card" }, { type: "string", enum: ["cash"] }] } } },
    want: { method: { last4: "0000" } },
  },
  {
    name: "recursive schemas end",
    schemas: { Node: { type: "object", required: ["name"], properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } } },
    given: { $ref: "#/$defs/Node" },
    want: { name: "name", children: [{ name: "name", children: [] }] },
  },
];

describe("sampleSchema", () => {
  it.each(cases)("$name", ({ schemas = {}, given, want }) => {
    const ir = { schemas: named(schemas) };
    const value = sampleSchema(ir, given, { variant: 0, optional: true });
    expect(value).toEqual(want);
    const validate = createAjv().compile(standaloneSchema(ir, given) as object);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  it("varies the oneOf branch with `variant`", () => {
    const schema: JsonSchema = { oneOf: [{ type: "integer" }, { type: "string", format: "email" }] };
    expect([0, 1, 2].map((variant) => sampleSchema({ schemas: {} }, schema, { variant, optional: true }))).toEqual([1, "jane.doe@example.com", 1]);
  });

  it("leaves optional properties out when asked", () => {
    const schema: JsonSchema = { type: "object", required: ["a"], properties: { a: { type: "integer" }, b: { type: "integer" } } };
    expect(sampleSchema({ schemas: {} }, schema, { variant: 0, optional: false })).toEqual({ a: 1 });
  });
});

describe("sampleForPattern", () => {
  const patterns = [
    "^[A-Z]{3}$", "^[a-z0-9_-]+$", "^\\d{4}-\\d{2}-\\d{2}$", "^(foo|bar)-[0-9]+$", "^[A-Z]{2,5}-\\d+$", "^(?:https?://)?[a-z]+\\.com$",
    "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$", "^\\+[1-9][0-9]{1,14}$", "^v\\d+(\\.\\d+){2}$", "^#[0-9a-fA-F]{6}$", "^(?<year>\\d{4})$", "[abc]x?y*z+",
  ];
  it.each(patterns)("%s", (pattern) => {
    const value = sampleForPattern(pattern);
    expect(value).toBeDefined();
    expect(new RegExp(pattern, "u").test(value!), value).toBe(true);
  });

  it.each(["^(a)\\1$", "^(?=a)a$", "^\\p{L}+$"])("gives up on %s (unsupported)", (pattern) => {
    expect(sampleForPattern(pattern)).toBeUndefined();
  });
});
