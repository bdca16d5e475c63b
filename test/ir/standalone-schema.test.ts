import { describe, expect, it } from "vitest";
import { referencedSchemas, standaloneSchema } from "../../generator/ir/standalone-schema.js";
import type { JsonSchema, NamedSchemaIR } from "../../generator/ir/types.js";

const named = (schemas: Record<string, JsonSchema>) => ({
  schemas: Object.fromEntries(
    Object.entries(schemas).map(([name, schema]): [string, NamedSchemaIR] => [name, { name, schema, source: "", locations: {}, location: { file: "", line: 1, column: 1 } }]),
  ),
});

describe("standalone schemas", () => {
  it("follow $refs through named schemas, recursion included", () => {
    const ir = named({ Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/Node" } }, tag: { $ref: "#/$defs/Tag" } } }, Tag: { type: "string" }, Unused: {} });
    expect(referencedSchemas(ir, { $ref: "#/$defs/Node" })).toEqual(["Node", "Tag"]);
    expect(standaloneSchema(ir, { $ref: "#/$defs/Tag" })).toEqual({ $ref: "#/$defs/Tag", $defs: { Tag: { type: "string" } } });
  });

  it.each<{ given: JsonSchema; want: string[] }>([
    // properties named like data keywords are schemas like any other
    { given: { properties: { default: { $ref: "#/$defs/A" }, enum: { $ref: "#/$defs/B" } } }, want: ["A", "B"] },
    // data keywords hold values: a $ref-shaped value there is data
    { given: { default: { $ref: "#/$defs/A" }, enum: [{ $ref: "#/$defs/B" }], examples: [{ $ref: "#/$defs/A" }] }, want: [] },
    { given: { oneOf: [{ $ref: "#/$defs/A" }], items: [{ $ref: "#/$defs/B" }], dependencies: { x: ["y"], z: { $ref: "#/$defs/A" } } }, want: ["A", "B"] },
  ])("$given reaches $want", ({ given, want }) => {
    expect(referencedSchemas(named({ A: {}, B: {} }), given)).toEqual(want);
  });
});
