/**
 * Validators compiled without validating each schema against the meta-schema (see freshAjv)
 * are byte-identical to those of a fresh ajv that validates them, and their live functions
 * (used to check catalog examples) give the verdicts of the module's own code, calls into
 * shared definitions' modules included.
 */
import standaloneModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { ModuleEvaluator } from "../../generator/compile/module-evaluator.js";
import { compileAndCheck, compileValidator, freshAjv, LiveDefinitions, type CompiledModule } from "../../generator/emit/validators/compile-validator.js";
import { CALL_KEYWORD, type SharedJob, type ValidatorJob } from "../../generator/emit/validators/validator-jobs.js";
import type { JsonSchemaObject } from "../../generator/ir/types.js";
import { createAjv } from "../../generator/schema/create-ajv.js";

const standaloneCode = (standaloneModule as unknown as { default: typeof standaloneModule.default }).default;

const SCHEMAS: Array<[string, { payload: object; headers?: object }]> = [
  ["formats and bounds", { payload: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" }, n: { type: "integer", minimum: 0 } } } }],
  ["deep equality (uniqueItems, object enum, const)", { payload: { type: "object", properties: { tags: { type: "array", uniqueItems: true }, mode: { enum: [{ a: 1 }, "b"] }, v: { const: [1] } } } }],
  ["string length and patterns", { payload: { type: "string", minLength: 2, maxLength: 9, pattern: "^[A-Z]+$" } }],
  ["shared and recursive $defs", { payload: { $ref: "#/$defs/Node", $defs: { Node: { type: "object", properties: { child: { $ref: "#/$defs/Node" }, at: { $ref: "#/$defs/At" } } }, At: { type: "string", format: "date-time" } } } }],
  ["oneOf, anyOf, not, if/then", { payload: { oneOf: [{ type: "string" }, { type: "number" }], anyOf: [{ not: { const: 3 } }], if: { type: "number" }, then: { multipleOf: 1 } } }],
  ["headers too", { payload: { type: "object", additionalProperties: false }, headers: { type: "object", properties: { tenant: { type: "string", format: "email" } } } }],
];

function job(event: string, schemas: { payload: JsonSchemaObject; headers?: JsonSchemaObject }): ValidatorJob {
  return { event, hash: event, payload: schemas.payload, calls: {}, ...(schemas.headers ? { headers: schemas.headers } : {}) };
}

/** What a fresh ajv that validates each schema (as `addSchema` does by default) generates. */
function validatedCode(schemas: { payload: object; headers?: object }): string {
  const ajv = createAjv({ standalone: true });
  ajv.addSchema(schemas.payload, "payload");
  if (schemas.headers) ajv.addSchema(schemas.headers, "headers");
  return standaloneCode(ajv, schemas.headers ? { validate: "payload", validateHeaders: "headers" } : { validate: "payload" });
}

describe("compiling a validator", () => {
  it.each(SCHEMAS)("%s: the same code as a fresh ajv that validates the schema", (_, schemas) => {
    const primed = freshAjv();
    primed.addSchema(schemas.payload, "payload", undefined, false);
    if (schemas.headers) primed.addSchema(schemas.headers, "headers", undefined, false);
    const code = standaloneCode(primed, schemas.headers ? { validate: "payload", validateHeaders: "headers" } : { validate: "payload" });
    expect(code).toBe(validatedCode(schemas));
  });

  it("checks samples with the live functions, with the verdicts of the module it prints", async () => {
    const given = job("t", { payload: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } }, headers: { type: "object", properties: { n: { type: "integer" } } } });
    const samples = [
      { part: "payload" as const, value: { id: "550e8400-e29b-41d4-a716-446655440000" } },
      { part: "payload" as const, value: { id: "not-a-uuid" } },
      { part: "payload" as const, value: {} },
      { part: "headers" as const, value: { n: 1 } },
      { part: "headers" as const, value: { n: 1.5 } },
    ];
    const { module, verdicts } = compileAndCheck(given, samples, new LiveDefinitions([]));
    expect(verdicts).toEqual([true, false, false, true, false]);
    const loaded = new ModuleEvaluator([], () => module).evaluate(given)!;
    expect(samples.map(({ part, value }) => (part === "payload" ? loaded.validate(value) : loaded.validateHeaders!(value)))).toEqual(verdicts);
  });
});

describe("calling a shared definition", () => {
  const uuid: SharedJob = { event: "#/$defs/Uuid", definition: "Uuid", file: "uuid", hash: "uuid", calls: {}, payload: { type: "string", format: "uuid" } };
  const actor: SharedJob = {
    event: "#/$defs/Actor", definition: "Actor", file: "actor", hash: "actor", calls: { Uuid: "uuid" },
    payload: { type: "object", required: ["id"], properties: { id: { [CALL_KEYWORD]: "Uuid" } } },
  };
  const event: ValidatorJob = {
    event: "e", hash: "e", calls: { Actor: "actor", Uuid: "uuid" },
    payload: { type: "object", required: ["by"], properties: { by: { [CALL_KEYWORD]: "Actor" }, ids: { type: "array", items: { [CALL_KEYWORD]: "Uuid" } } } },
  };
  const samples = [
    { part: "payload" as const, value: { by: { id: "550e8400-e29b-41d4-a716-446655440000" }, ids: ["550e8400-e29b-41d4-a716-446655440000"] } },
    { part: "payload" as const, value: { by: { id: "nope" } } },
    { part: "payload" as const, value: { by: { id: "550e8400-e29b-41d4-a716-446655440000" }, ids: ["x"] } },
    { part: "payload" as const, value: { by: {} } },
  ];

  it("imports the definition's validator instead of compiling it in, and reports its errors at their paths", () => {
    const definitions = new LiveDefinitions([uuid, actor]);
    const modules = new Map<string, CompiledModule>([uuid, actor].map((job) => [job.hash, compileValidator(job, definitions)]));
    const { module, verdicts } = compileAndCheck(event, samples, definitions);
    modules.set(event.hash, module);
    expect(module.shared).toEqual(["actor", "uuid"]);
    expect(module.body).not.toMatch(/format/); // the uuid check lives in uuid's module only
    expect(modules.get("actor")!.shared).toEqual(["uuid"]);
    expect(verdicts).toEqual([true, false, false, false]);

    const loaded = new ModuleEvaluator([uuid, actor], (job) => modules.get(job.hash)).evaluate(event)!;
    expect(samples.map(({ value }) => loaded.validate(value))).toEqual(verdicts);
    loaded.validate(samples[1]!.value);
    expect(loaded.validate.errors?.map((error) => [error.instancePath, error.keyword])).toEqual([["/by/id", "format"]]);
    loaded.validate(samples[2]!.value);
    expect(loaded.validate.errors?.map((error) => [error.instancePath, error.keyword])).toEqual([["/ids/0", "format"]]);
  });
});
