/**
 * Which named schemas become shared validator modules: those several events reach, that stand
 * alone (every `$ref` names a named schema, no cycle). What one event alone reaches stays in its
 * module; an event with any other `$ref` keeps the whole-schema form.
 */
import { describe, expect, it } from "vitest";
import { allValidatorJobs, CALL_KEYWORD } from "../../generator/emit/validators/validator-jobs.js";
import type { CatalogIR, JsonSchema } from "../../generator/ir/types.js";

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });

/** The parts of an IR the jobs read: events' schemas and the named schemas. */
function ir(schemas: Record<string, JsonSchema>, events: Record<string, JsonSchema>): CatalogIR {
  return {
    schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, { schema }])),
    events: Object.entries(events).map(([name, schema]) => ({ name, payload: { schema } })),
  } as unknown as CatalogIR;
}

const SCHEMAS: Record<string, JsonSchema> = {
  Uuid: { type: "string", format: "uuid" },
  Actor: { type: "object", properties: { id: ref("Uuid") } },
  OnlyA: { type: "object", properties: { by: ref("Actor") } },
  Node: { type: "object", properties: { next: ref("Node"), id: ref("Uuid") } },
  UserId: { type: "string" },
  userId: { type: "integer" },
};

describe("validator jobs", () => {
  it("shares what several events reach, keeps in its module what one event alone reaches", () => {
    const jobs = allValidatorJobs(ir(SCHEMAS, { a: ref("OnlyA"), b: { type: "object", properties: { by: ref("Actor") } } }));
    expect(jobs.shared.map((job) => [job.definition, job.file, job.calls])).toEqual([
      ["Actor", "actor", { Uuid: "uuid" }],
      ["Uuid", "uuid", {}],
    ]);
    const [a, b] = jobs.events;
    expect(a!.calls).toEqual({ Actor: "actor" });
    expect(a!.payload).toEqual({ ...ref("OnlyA"), $defs: { OnlyA: { type: "object", properties: { by: { [CALL_KEYWORD]: "Actor" } } } } });
    expect(b!.payload).toEqual({ type: "object", properties: { by: { [CALL_KEYWORD]: "Actor" } } });
  });

  it("keeps a recursive schema in each event's module, calling what it reaches that is shared", () => {
    const jobs = allValidatorJobs(ir(SCHEMAS, { a: ref("Node"), b: ref("Node") }));
    expect(jobs.shared.map((job) => job.definition)).toEqual(["Uuid"]);
    expect(jobs.events[0]!.payload).toEqual({ ...ref("Node"), $defs: { Node: { type: "object", properties: { next: ref("Node"), id: { [CALL_KEYWORD]: "Uuid" } } } } });
  });

  it("compiles an event with a $ref that names no named schema in the whole-schema form, calling nothing", () => {
    const jobs = allValidatorJobs(ir(SCHEMAS, { a: { type: "object", properties: { x: { $ref: "#/$defs/Actor/properties/id" }, by: ref("Actor") } }, b: ref("Actor") }));
    expect(jobs.events[0]!.calls).toEqual({});
    expect(jobs.events[0]!.payload).toMatchObject({ properties: { by: ref("Actor") }, $defs: { Actor: SCHEMAS["Actor"], Uuid: SCHEMAS["Uuid"] } });
    expect(jobs.events[1]!.calls).toEqual({ Actor: "actor" });
  });

  it("gives names that differ only in case different files", () => {
    const jobs = allValidatorJobs(ir(SCHEMAS, { a: { anyOf: [ref("UserId"), ref("userId")] }, b: { anyOf: [ref("UserId"), ref("userId")] } }));
    expect(jobs.shared.map((job) => [job.definition, job.file])).toEqual([
      ["UserId", "user-id"],
      ["userId", "user-id-2"],
    ]);
  });

  it("changes an event's hash when a definition it calls changes, not when an unrelated one does", () => {
    const events = { a: ref("Actor"), b: ref("Actor") };
    const before = allValidatorJobs(ir(SCHEMAS, events)).events[0]!.hash;
    expect(allValidatorJobs(ir({ ...SCHEMAS, Uuid: { type: "string" } }, events)).events[0]!.hash).not.toBe(before);
    expect(allValidatorJobs(ir({ ...SCHEMAS, OnlyA: { type: "null" } }, events)).events[0]!.hash).toBe(before);
  });
});
