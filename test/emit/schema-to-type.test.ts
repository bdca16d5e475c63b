import { StructureKind } from "ts-morph";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../generator/ir/types.js";
import { printStatements } from "../../generator/emit/ts-printer.js";
import { typeWriter } from "../../generator/emit/types/schema-to-type.js";

const context = { refType: (name: string) => `Ref_${name}` };
const print = (schema: JsonSchema) =>
  printStatements([{ kind: StructureKind.TypeAlias, name: "T", type: typeWriter(schema, context) }])
    .replace(/^type T = /, "")
    .replace(/;\n$/, "");

describe("JSON Schema -> TypeScript", () => {
  it.each<{ given: JsonSchema; want: string }>([
    { given: true, want: "unknown" },
    { given: false, want: "never" },
    { given: {}, want: "unknown" },
    { given: { type: "string" }, want: "string" },
    { given: { type: "integer" }, want: "number" },
    { given: { type: ["string", "null"] }, want: "string | null" },
    { given: { enum: ["a", "b", 1, null] }, want: '"a" | "b" | 1 | null' },
    { given: { const: "x\"y" }, want: '"x\\"y"' },
    { given: { type: "array", items: { type: "string" } }, want: "Array<string>" },
    { given: { type: "array", items: [{ type: "string" }, { type: "number" }], additionalItems: false }, want: "[string, number]" },
    { given: { type: "array", items: [{ type: "string" }] }, want: "[string, ...unknown[]]" },
    { given: { $ref: "#/$defs/Address" }, want: "Ref_Address" },
    { given: { oneOf: [{ type: "string" }, { $ref: "#/$defs/A" }] }, want: "string | Ref_A" },
    { given: { allOf: [{ $ref: "#/$defs/A" }, { description: "only docs" }] }, want: "Ref_A" },
    { given: { allOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }] }, want: "Ref_A & Ref_B" },
    { given: { allOf: [{ oneOf: [{ type: "string" }, { type: "number" }] }, { $ref: "#/$defs/B" }] }, want: "(string | number) & Ref_B" },
    { given: { type: "object" }, want: "Record<string, never>" },
    { given: { type: "object", additionalProperties: { type: "number" } }, want: "Record<string, number>" },
    {
      given: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" }, "x-y": { type: "number" } } },
      want: '{\n  /**\n   * @format uuid\n   */\n  id: string;\n  "x-y"?: number;\n}',
    },
    {
      given: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true },
      want: "{\n  a?: string;\n  [key: string]: unknown;\n}",
    },
    { given: { type: "number", enum: [1, 2] }, want: "1 | 2" },
    { given: { not: { type: "string" } }, want: "unknown" },
  ])("$given -> $want", ({ given, want }) => {
    expect(print(given)).toBe(want);
  });
});
