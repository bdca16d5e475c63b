/**
 * Public AsyncAPI documents from other repositories (test/fixtures/real-world, with their
 * origin and license): each valid one compiles to an SDK that passes tsc --strict; each
 * invalid one gets its errors at the lines that are wrong.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeOutput } from "../../generator/cli/write-output.js";
import { generate } from "../../generator/generate.js";
import { typecheck } from "../support/typecheck.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/real-world");
const OUTPUT = resolve(import.meta.dirname, "../.output/real-world");

const VALID = [
  "converter-js-2.0.0-streetlights.yml",
  "converter-js-2.1.0-streetlights.yml",
  "converter-js-2.2.0-streetlights.yml",
  "converter-js-2.3.0-streetlights.yml",
  "converter-js-2.4.0-streetlights.yml",
  "converter-js-2.5.0-streetlights.yml",
  "converter-js-2.6.0-for-3.0.0-with-custom-schema-format.yml",
  "converter-js-2.6.0-for-3.0.0-with-deep-local-references.yml",
];

const INVALID: Array<{ file: string; want: string[] }> = [
  { file: "converter-js-1.2.0-gitter-streaming.yml", want: ["1:11 asyncapi-version"] },
  { file: "converter-js-2.0.0-streetlights.json", want: ["114:9 asyncapi-schema"] },
  { file: "converter-js-2.6.0-for-3.0.0-with-mixed-parameters.yml", want: ["1:1 asyncapi-schema", "49:7 asyncapi-schema", "53:7 asyncapi-schema"] },
  { file: "converter-js-2.6.0-for-3.0.0-with-servers-and-channels-components.yml", want: ["89:15 ref-remote", "106:9 ref-unresolved", "110:9 ref-unresolved", "114:9 ref-unresolved"] },
  { file: "converter-js-2.6.0-for-3.0.0.yml", want: ["101:13 ref-remote", "188:7 asyncapi-schema"] },
];

describe("real-world documents", () => {
  const outputs: string[] = [];
  beforeAll(() => {
    rmSync(OUTPUT, { recursive: true, force: true });
    mkdirSync(OUTPUT, { recursive: true });
  });

  it.each(VALID)("%s compiles", async (file) => {
    const result = await generate(join(FIXTURES, file));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ir!.events.length).toBeGreaterThan(0);
    const out = join(OUTPUT, file.replace(/\.\w+$/, ""));
    await writeOutput(out, result.files!);
    outputs.push(join(out, "index.ts"));
  });

  it.each(INVALID)("$file: errors at the lines that are wrong", async ({ file, want }) => {
    const result = await generate(join(FIXTURES, file));
    expect(result.files).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(want);
  });

  it("every SDK type-checks under tsc --strict", () => {
    expect(outputs).toHaveLength(VALID.length);
    expect(typecheck(outputs)).toEqual([]);
  }, 120_000);
});
