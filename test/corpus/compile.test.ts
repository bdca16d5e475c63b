/**
 * Every official AsyncAPI example (2.6 and 3.x, the multi-file social-media set as one
 * catalog) compiles to an SDK whose types and validators pass `tsc --strict`.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate.js";
import { writeOutput } from "../../generator/cli/write-output.js";
import { typecheck } from "../support/typecheck.js";

const CORPUS = resolve(import.meta.dirname, "../fixtures/corpus");
const OUTPUT = resolve(import.meta.dirname, "../.output/corpus");

/**
 * adeo takes its payloads from remote Avro schemas by URL; remote `$ref`s are refused by
 * default, so (as the corpus README says) its expected result is that refusal, not an SDK.
 */
const REFUSED = "adeo-kafka-request-reply-asyncapi.yml";

const documents = ["asyncapi-2", "asyncapi-3"].flatMap((version) =>
  readdirSync(join(CORPUS, version))
    .filter((name) => (/\.ya?ml$/.test(name) || name === "social-media") && name !== REFUSED)
    .map((name) => ({ version, name, path: join(CORPUS, version, name) })),
);

describe("official AsyncAPI corpus", () => {
  const outputs: string[] = [];

  beforeAll(() => {
    rmSync(OUTPUT, { recursive: true, force: true });
    mkdirSync(OUTPUT, { recursive: true });
  });

  it.each(documents)("$version/$name compiles to an SDK", async ({ version, name, path }) => {
    const result = await generate(path);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.files?.length).toBeGreaterThan(0);
    const out = join(OUTPUT, version, name.replace(/\.ya?ml$/, ""));
    await writeOutput(out, result.files!);
    outputs.push(join(out, "index.ts"));
  });

  it("refuses adeo's remote Avro $refs, naming each one, and writes nothing", async () => {
    const result = await generate(join(CORPUS, "asyncapi-3", REFUSED));
    expect(result.files).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '174:11 ref-remote $ref "https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc" names a URL; remote references are refused unless allowed (allowedUrls)',
      '204:11 ref-remote $ref "https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc" names a URL; remote references are refused unless allowed (allowedUrls)',
    ]);
  });

  it("every generated SDK type-checks under tsc --strict", () => {
    expect(outputs).toHaveLength(documents.length);
    expect(typecheck(outputs)).toEqual([]);
  }, 120_000);
});
