/**
 * The usage snippet of every event page of `catalog/` compiles, under the strict settings
 * users have, against the SDK `codegen` generates from the same catalog.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultCacheDir, diskValidatorCache } from "../../generator/cli/disk-validator-cache.js";
import { writeOutput } from "../../generator/cli/write-output.js";
import { buildDocsModel } from "../../generator/emit/docs/docs-model.js";
import { usageSnippet } from "../../generator/emit/docs/usage-snippet.js";
import { assignNames } from "../../generator/emit/naming.js";
import { generate } from "../../generator/generate.js";
import { typecheck } from "../support/typecheck.js";

const ROOT = resolve(import.meta.dirname, "../..");
const OUTPUT = join(ROOT, "test/.output/docs-snippets");

describe("usage snippets", () => {
  it("type-check against the generated SDK", async () => {
    const cache = diskValidatorCache(defaultCacheDir(ROOT));
    const result = await generate(join(ROOT, "catalog"), { validatorCache: cache });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    rmSync(OUTPUT, { recursive: true, force: true });
    await writeOutput(join(OUTPUT, "generated"), result.files!);
    mkdirSync(join(OUTPUT, "snippets"), { recursive: true });
    const model = buildDocsModel(result.ir!, assignNames(result.ir!), { cache });
    const files = model.events.map((doc) => {
      const file = join(OUTPUT, "snippets", `${doc.slug}.ts`);
      // the snippet imports `./generated/index.js`, the default output of codegen next to the user's code
      writeFileSync(file, usageSnippet(doc).replace('"./generated/index.js"', '"../generated/index.js"'));
      return file;
    });
    expect(files.length).toBe(result.ir!.events.length);
    expect(typecheck(files)).toEqual([]);
  }, 300_000);
});
