/**
 * The disk cache keeps example verdicts between runs (one file, by digest of the verdict key),
 * so a warm build judges unchanged examples without loading any validator module; and tells a
 * cached module apart without reading it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskValidatorCache } from "../../generator/cli/disk-validator-cache.js";

const fresh = () => join(mkdtempSync(join(tmpdir(), "eventsmith-verdicts-")), "validators");

describe("disk verdict store", () => {
  it("keeps one catalog's verdicts across processes, and forgets the ones it no longer has", () => {
    const dir = fresh();
    diskValidatorCache(dir).verdicts!.save(new Map([["a", true], ["b", false]]));
    const next = diskValidatorCache(dir).verdicts!;
    expect(["a", "b", "c"].map((key) => next.get(key))).toEqual([true, false, undefined]);
    next.save(new Map([["c", true]]));
    const after = diskValidatorCache(dir).verdicts!;
    expect(["a", "b", "c"].map((key) => after.get(key))).toEqual([undefined, undefined, true]);
    // digests, not the keys (a key holds a whole example)
    expect(readFileSync(join(dirname(dir), "example-verdicts.json"), "utf8")).not.toContain('"c"');
  });

  it.each([
    { given: "not json", want: undefined },
    { given: "[true]", want: undefined },
    { given: '{"x": "yes"}', want: undefined },
  ])("a corrupt file ($given) is a miss, never an error", ({ given, want }) => {
    const dir = fresh();
    writeFileSync(join(dirname(dir), "example-verdicts.json"), given);
    expect(diskValidatorCache(dir).verdicts!.get("a")).toBe(want);
  });

  it("has() answers from the file's presence, without reading the module", () => {
    const dir = fresh();
    const cache = diskValidatorCache(dir);
    expect(cache.has!("h1")).toBe(false);
    cache.set("h1", { imports: [], shared: [], body: "export const validate = () => true;" });
    expect(diskValidatorCache(dir).has!("h1")).toBe(true);
  });
});
