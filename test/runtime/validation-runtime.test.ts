/**
 * Generated validators are ajv standalone code whose `require`s the validator emitter
 * rewrites to imports from eventsmith/runtime: run such code against the runtime's
 * exports (in test code, where compiling is fine) and check they are ajv's own helpers.
 */
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import formatsModule from "ajv-formats";
import standaloneModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import * as runtime from "eventsmith/runtime";

const require = createRequire(import.meta.url);
const addFormats = (formatsModule as unknown as { default: typeof formatsModule.default }).default;
const standaloneCode = (standaloneModule as unknown as { default: typeof standaloneModule.default }).default;

const REWRITES: Record<string, keyof typeof runtime> = {
  'require("ajv/dist/runtime/equal").default': "ajvEqual",
  'require("ajv/dist/runtime/ucs2length").default': "ajvUcs2length",
  'require("ajv/dist/runtime/uri").default': "ajvUri",
  'require("ajv/dist/runtime/validation_error").default': "AjvValidationError",
  'require("ajv-formats/dist/formats").fullFormats': "fullFormats",
  'require("ajv-formats/dist/formats").fastFormats': "fastFormats",
};

function standaloneValidator(schema: object, mode: "fast" | "full", extra: object = {}): (data: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true, code: { source: true }, ...extra });
  addFormats(ajv, { mode });
  let code = standaloneCode(ajv, ajv.compile(schema));
  const used: string[] = [];
  code = code.replace(/require\("[^"]+"\)(\.[A-Za-z]+)?/g, (call) => {
    const name = REWRITES[call];
    if (name === undefined) throw new Error(`no runtime export for ${call}`);
    used.push(name);
    return `runtime.${name}`;
  });
  expect(used.length).toBeGreaterThan(0);
  const module = { exports: {} as { default?: (data: unknown) => boolean } };
  new Function("module", "exports", "runtime", code)(module, module.exports, runtime);
  return module.exports.default!;
}

describe("validation runtime", () => {
  it("exports ajv's own run-time helpers", () => {
    expect(runtime.ajvEqual).toBe(require("ajv/dist/runtime/equal").default);
    expect(runtime.ajvUcs2length).toBe(require("ajv/dist/runtime/ucs2length").default);
    expect(runtime.ajvUri).toBe(require("ajv/dist/runtime/uri").default);
    expect(runtime.AjvValidationError).toBe(require("ajv/dist/runtime/validation_error").default);
    expect(runtime.fullFormats).toBe(require("ajv-formats/dist/formats").fullFormats);
    expect(runtime.fastFormats).toBe(require("ajv-formats/dist/formats").fastFormats);
  });

  it.each([
    { mode: "fast" as const, format: "date-time", valid: "2026-01-27T10:00:00Z", invalid: "yesterday" },
    { mode: "full" as const, format: "uri", valid: "https://example.com/a", invalid: "not a uri" },
    { mode: "full" as const, format: "date-time", valid: "2026-01-27T10:00:00Z", invalid: "2026-02-30T10:00:00Z" },
  ])("runs standalone code using $mode $format, equal and ucs2length", ({ mode, format, valid, invalid }) => {
    const validate = standaloneValidator(
      {
        type: "object",
        properties: {
          at: { type: "string", format },
          name: { type: "string", maxLength: 3 },
          tags: { type: "array", uniqueItems: true },
          kind: { enum: [{ a: 1 }, "b"] },
        },
      },
      mode,
    );
    expect(validate({ at: valid, name: "😀😀😀", tags: [{ x: 1 }, { x: 2 }], kind: { a: 1 } })).toBe(true);
    expect(validate({ at: invalid })).toBe(false);
    expect(validate({ name: "abcd" })).toBe(false);
    expect(validate({ tags: [{ x: 1 }, { x: 1 }] })).toBe(false);
    expect(validate({ kind: { a: 2 } })).toBe(false);
  });
});
