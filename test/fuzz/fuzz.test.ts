/**
 * A small fixed-seed batch of the fuzzer (`npm run fuzz` runs 10,000): every mutant of the
 * repository's catalogs and the vendored documents goes through validate, codegen and tsc with
 * no crash, no hang, no diagnostic without a location and no clean-but-uncompilable SDK.
 */
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fuzzSources, runFuzz } from "./fuzz.js";
import { mutate, MUTATIONS, random } from "./mutate.js";

describe("fuzzer", () => {
  it("draws from every catalog and vendored document", () => {
    const sources = fuzzSources().map((s) => relative(resolve(import.meta.dirname, "../.."), s.path));
    expect(sources).toContain("catalog");
    expect(sources).toEqual(expect.arrayContaining(["test/fixtures/corpus/asyncapi-2/social-media", "test/fixtures/corpus/asyncapi-3/streetlights-mqtt-asyncapi.yml"]));
  });

  it("is reproducible: the same seed gives the same mutant", () => {
    const text = "asyncapi: 3.0.0\ninfo: { title: A, version: 1.0.0 }\nchannels: { a: { address: a } }\n";
    const first = Array.from({ length: 20 }, (_, i) => mutate(text, random(i)));
    const again = Array.from({ length: 20 }, (_, i) => mutate(text, random(i)));
    expect(again).toEqual(first);
    expect(new Set(Array.from({ length: 200 }, (_, i) => mutate(text, random(i)).mutation))).toEqual(new Set(MUTATIONS));
  });

  it("a fixed-seed batch: no crash, hang, unlocated diagnostic or uncompilable SDK", async () => {
    const failures: string[] = [];
    const summary = await runFuzz({ seed: 13, count: 24, onFailure: (line) => failures.push(line) });
    expect(failures).toEqual([]);
    expect(summary).toMatchObject({ mutants: 24, crashes: 0, hangs: 0, unlocated: 0, uncompilable: 0, codegenRefused: 0 });
  }, 300_000);
});
