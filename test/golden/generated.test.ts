/**
 * `generated/` is committed: regenerating it from `catalog/` must reproduce it byte for byte,
 * with no stale files, and all of it must type-check under the strictest settings.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/generate.js";
import { typecheck } from "../support/typecheck.js";

const ROOT = resolve(import.meta.dirname, "../..");
const GENERATED = join(ROOT, "generated");

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(GENERATED, path)];
  });
}

describe("generated/ (golden)", () => {
  it("is exactly what codegen produces from catalog/", async () => {
    const result = await generate(join(ROOT, "catalog"));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const want = new Map(result.files!.map((f) => [f.path, f.contents]));
    const have = listFiles(GENERATED);
    expect(have.sort()).toEqual([...want.keys()].sort());
    for (const [path, contents] of want) {
      // one file at a time, so a failure names the drifted file
      expect({ path, contents: readFileSync(join(GENERATED, path), "utf8") }).toEqual({ path, contents });
    }
  });

  it("type-checks under tsc --strict (exactOptionalPropertyTypes, noUnusedLocals)", () => {
    // index.ts reaches every shared module; each service's entry point only imports from it
    const services = readdirSync(join(GENERATED, "services")).map((name) => join(GENERATED, "services", name));
    expect(typecheck([join(GENERATED, "index.ts"), ...services])).toEqual([]);
  }, 120_000);
});
