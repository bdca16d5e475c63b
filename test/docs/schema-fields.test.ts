/** Docs field tables: dotted paths through $ref, allOf, oneOf/anyOf, arrays, tuples and maps. */
import { describe, expect, it } from "vitest";
import { schemaFields, type FieldRow } from "../../generator/emit/docs/schema-fields.js";
import type { JsonSchema, NamedSchemaIR } from "../../generator/ir/types.js";

const at = { file: "test.yaml", line: 1, column: 1 };
const named = (schemas: Record<string, JsonSchema>): Record<string, NamedSchemaIR> =>
  Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, { name, schema, locations: {}, source: `test.yaml#/${name}`, location: at }]));

/** The columns that matter, one string per row: `path [variant] | type | required | constraints | default | description`. */
const brief = (rows: FieldRow[]) =>
  rows.map((r) =>
    [`${r.path || "(root)"}${r.variant ? ` [${r.variant}]` : ""}`, r.type, r.required ? "req" : "opt", r.constraints.join("; "), r.default ?? "", r.description ?? ""].join(" | "),
  );

const cases: { name: string; schemas?: Record<string, JsonSchema>; given: JsonSchema; want: string[] }[] = [
  {
    name: "nested objects, required, constraints, defaults",
    given: {
      type: "object",
      required: ["id"],
      additionalProperties: false,
      properties: {
        id: { type: "string", format: "uuid", description: "The id." },
        address: { type: "object", required: ["city"], properties: { city: { type: "string", minLength: 1 }, zip: { type: "string", pattern: "^[0-9]{5}$" } } },
        status: { type: "string", enum: ["a", "b"], default: "a" },
      },
    },
    want: [
      "(root) | object | req | no additional properties |  | ",
      "id | string | req | format: uuid |  | The id.",
      "address | object | opt |  |  | ",
      "address.city | string | req | minLength: 1 |  | ",
      "address.zip | string | opt | pattern: ^[0-9]{5}$ |  | ",
      'status | string | opt | enum: "a", "b" | "a" | ',
    ],
  },
  {
    name: "$ref to named schemas, with the referring description winning",
    schemas: { Email: { type: "string", format: "email", description: "An email." }, Contact: { type: "object", properties: { email: { $ref: "#/$defs/Email" } } } },
    given: { type: "object", properties: { who: { $ref: "#/$defs/Contact" }, backup: { $ref: "#/$defs/Email", description: "Where to write when who fails." } } },
    want: [
      "(root) | object | req |  |  | ",
      "who | Contact (object) | opt |  |  | ",
      "who.email | Email (string) | opt | format: email |  | An email.",
      "backup | Email (string) | opt | format: email |  | Where to write when who fails.",
    ],
  },
  {
    name: "allOf merges properties and required",
    schemas: { Base: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } },
    given: { allOf: [{ $ref: "#/$defs/Base" }, { type: "object", required: ["name"], properties: { name: { type: "string" } } }] },
    want: ["(root) | Base (object) | req |  |  | ", "id | integer | req |  |  | ", "name | string | req |  |  | "],
  },
  {
    name: "oneOf branches get rows of their own, labelled",
    schemas: { Circle: { type: "object", properties: { radius: { type: "number", minimum: 0 } } } },
    given: { type: "object", properties: { shape: { oneOf: [{ $ref: "#/$defs/Circle" }, { title: "Square", type: "object", properties: { side: { type: "number" } } }, { type: "null" }] } } },
    want: [
      "(root) | object | req |  |  | ",
      "shape | one of Circle | Square | null | opt |  |  | ",
      "shape [oneOf 1: Circle] | Circle (object) | req |  |  | ",
      "shape.radius [oneOf 1: Circle] | number | opt | minimum: 0 |  | ",
      "shape [oneOf 2: Square] | object | req |  |  | Square",
      "shape.side [oneOf 2: Square] | number | opt |  |  | ",
    ],
  },
  {
    name: "arrays, tuples and maps",
    given: {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" }, uniqueItems: true },
        lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
        pair: { type: "array", items: [{ type: "string" }, { type: "number" }] },
        attributes: { type: "object", additionalProperties: { type: "integer" } },
        "odd key": { type: "boolean" },
      },
    },
    want: [
      "(root) | object | req |  |  | ",
      "tags | array | opt | uniqueItems: true |  | ",
      "tags[] | string | opt |  |  | ",
      "lines | array | opt |  |  | ",
      "lines[] | object | opt |  |  | ",
      "lines[].sku | string | opt |  |  | ",
      "pair | array | opt |  |  | ",
      "pair[0] | string | opt |  |  | ",
      "pair[1] | number | opt |  |  | ",
      "attributes | object | opt |  |  | ",
      "attributes.* | integer | opt |  |  | ",
      '"odd key" | boolean | opt |  |  | ',
    ],
  },
  {
    name: "recursive schemas stop at their second appearance",
    schemas: { Node: { type: "object", properties: { value: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } } },
    given: { $ref: "#/$defs/Node" },
    want: [
      "(root) | Node (object) | req |  |  | ",
      "value | string | opt |  |  | ",
      "children | array | opt |  |  | ",
      "children[] | Node (recursive) | opt |  |  | ",
    ],
  },
  {
    name: "keywords without a column are listed, never dropped",
    given: { type: "string", not: { const: "x" }, "x-internal": true, contentEncoding: "base64", deprecated: true },
    want: ['(root) | string | req | not: {"const":"x"}; x-internal: true; contentEncoding: "base64" |  | '],
  },
];

describe("schemaFields", () => {
  it.each(cases)("$name", ({ schemas = {}, given, want }) => {
    expect(brief(schemaFields({ schemas: named(schemas) }, given, "payload"))).toEqual(want);
  });

  it("gives every row a unique, URL-safe anchor", () => {
    const rows = schemaFields({ schemas: {} }, { type: "object", properties: { "a b": { type: "string" }, "a-b": { type: "string" }, "<x>": { type: "string" } } }, "payload");
    expect(rows.map((r) => r.anchor)).toEqual(["payload", "payload-a-b", "payload-a-b-2", "payload-x"]);
  });

  it("marks deprecated fields", () => {
    const rows = schemaFields({ schemas: {} }, { type: "object", properties: { old: { type: "string", deprecated: true } } }, "payload");
    expect(rows[1]).toMatchObject({ path: "old", deprecated: true });
  });
});
