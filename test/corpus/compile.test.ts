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

/**
 * kraken's two request-reply documents carry examples their own schemas reject (a string where
 * the schema wants a list, statuses and a depth outside its enums); an invalid example is an
 * error by default, as the official parser's example rule reports it.
 */
const INVALID_EXAMPLES: Record<string, number[]> = {
  "kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml": [149, 151, 158, 159, 161],
  "kraken-websocket-request-reply-multiple-channels-asyncapi.yml": [155, 157, 164, 165, 167],
};

/** operation-security (2.6 and 3.0) gives a boolean the default "false", a string: refused at that value. */
const INVALID_DEFAULT: Record<string, string> = {
  "asyncapi-2/operation-security.yml": "56:11 schema-value-invalid",
  "asyncapi-3/operation-security-asyncapi.yml": "67:11 schema-value-invalid",
};

const documents = ["asyncapi-2", "asyncapi-3"].flatMap((version) =>
  readdirSync(join(CORPUS, version))
    .filter((name) => (/\.ya?ml$/.test(name) || name === "social-media") && name !== REFUSED && !(name in INVALID_EXAMPLES) && !(`${version}/${name}` in INVALID_DEFAULT))
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

  it.each(Object.entries(INVALID_EXAMPLES))("refuses %s for its invalid examples, at each failing value", async (name, lines) => {
    const result = await generate(join(CORPUS, "asyncapi-3", name));
    expect(result.files).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line} ${d.code}`)).toEqual(lines.map((line) => `${line} example-invalid`));
  });

  it.each(Object.entries(INVALID_DEFAULT))("refuses %s for its invalid default", async (path, want) => {
    const result = await generate(join(CORPUS, path));
    expect(result.files).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([want]);
  });

  it("every generated SDK type-checks under tsc --strict", () => {
    expect(outputs).toHaveLength(documents.length);
    expect(typecheck(outputs)).toEqual([]);
  }, 120_000);
});
