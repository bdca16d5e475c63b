/**
 * The generated validators of `catalog/` accept every catalog example and reject mutated ones
 * (wrong type, missing required field, bad format, extra property on a closed object), each
 * with the JSON Pointer of the violation.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { catalog } from "../../generated/index.js";
import { compileCatalog } from "../../generator/pipeline.js";
import { defName } from "../../generator/ir/standalone-schema.js";
import type { CatalogIR, JsonSchema, JsonSchemaObject } from "../../generator/ir/types.js";
import { toIssues, type Validator } from "../../runtime/bus/validation.js";

const { ir } = await compileCatalog(resolve(import.meta.dirname, "../../catalog"));
if (!ir) throw new Error("catalog/ has errors");
const validators = catalog.events as Record<string, { validate: Validator<unknown> }>;
const examples = ir.events.flatMap((event) => event.examples.filter((e) => e.payload !== undefined).map((example) => ({ event: event.name, name: example.name ?? "(unnamed)", payload: example.payload as Record<string, unknown> })));

/** Follows `$ref`s (and a single-branch allOf wrapper) to the schema that says what a value is. */
function resolveSchema(ir: CatalogIR, schema: JsonSchema): JsonSchemaObject {
  let current = schema;
  for (let i = 0; i < 20 && typeof current === "object"; i++) {
    const name = defName(current["$ref"]);
    if (name !== undefined) current = ir.schemas[name]!.schema;
    else if (Array.isArray(current["allOf"]) && current["allOf"].length > 0 && current["type"] === undefined) current = current["allOf"][0] as JsonSchema;
    else return current;
  }
  return typeof current === "object" ? current : {};
}

function rejects(event: string, payload: unknown): string[] {
  const validate = validators[event]!.validate;
  expect(validate(payload)).toBe(false);
  return toIssues(validate.errors).map((issue) => issue.path);
}

describe("catalog examples against the generated validators", () => {
  it("there are examples for every event", () => {
    expect(new Set(examples.map((e) => e.event)).size).toBe(ir.events.length);
  });

  it.each(examples)("$event: example $name is valid", ({ event, payload }) => {
    const validate = validators[event]!.validate;
    expect({ valid: validate(payload), issues: toIssues(validate.errors) }).toEqual({ valid: true, issues: [] });
  });

  it.each(examples)("$event: mutations of example $name are rejected with their path", ({ event, payload }) => {
    const schema = resolveSchema(ir, ir.events.find((e) => e.name === event)!.payload.schema);
    const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
    const required = (schema["required"] ?? []) as string[];

    const present = Object.keys(payload).filter((key) => key in properties);
    const typed = present.find((key) => typeof payload[key] === "string" || typeof payload[key] === "number");
    if (typed) {
      const wrong = typeof payload[typed] === "string" ? 12345 : "not a number";
      expect(rejects(event, { ...payload, [typed]: wrong })).toContain(`/${typed}`);
    }
    const mandatory = required.find((key) => key in payload);
    if (mandatory) {
      const { [mandatory]: _removed, ...rest } = payload;
      expect(rejects(event, rest)).toContain(`/${mandatory}`);
    }
    const formatted = present.find((key) => typeof payload[key] === "string" && typeof resolveSchema(ir, properties[key]!)["format"] === "string");
    if (formatted) {
      expect(rejects(event, { ...payload, [formatted]: "not valid for its format \u0000" })).toContain(`/${formatted}`);
    }
    if (schema["additionalProperties"] === false) {
      expect(rejects(event, { ...payload, unexpectedProperty: true })).toContain("/unexpectedProperty");
    }
  });
});
