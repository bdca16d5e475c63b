/**
 * Golden Markdown: the docs of `catalog/` and of every official AsyncAPI document in
 * `test/fixtures/corpus` are compared byte for byte with `test/docs/golden/`. After an intended
 * change, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/docs/markdown-golden.test.ts`
 * and review the diff.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { emitMarkdownDocs } from "../../generator/emit/docs/emit-markdown-docs.js";
import { assignNames } from "../../generator/emit/naming.js";
import { buildIR } from "../../generator/ir/build-ir.js";
import type { CatalogIR } from "../../generator/ir/types.js";
import { loadCatalog } from "../../generator/load/load-catalog.js";
import { compileCatalog } from "../../generator/pipeline.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = resolve(ROOT, "test/fixtures/corpus");
const GOLDEN = join(import.meta.dirname, "golden");
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

/**
 * `catalog/` goes through the whole pipeline. Corpus documents are built into the IR without
 * the semantic checks: some official examples contradict their own schemas (kraken, adeo),
 * which makes `compileCatalog` refuse them, and the docs of such a document are exactly where
 * the "does not validate" rendering must be right. (That these documents compile is
 * test/corpus's business.)
 */
async function irOf(path: string, checked: boolean): Promise<CatalogIR> {
  if (checked) {
    const compiled = await compileCatalog(path);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return compiled.ir!;
  }
  // load errors too (adeo's remote Avro $refs, refused offline) leave an IR the docs must render
  return buildIR(await loadCatalog(path)).ir;
}

const cases = [
  { name: "catalog", path: join(ROOT, "catalog"), checked: true },
  ...["asyncapi-2", "asyncapi-3"].flatMap((version) =>
    readdirSync(join(CORPUS, version))
      .filter((file) => /\.ya?ml$/.test(file) || file === "social-media")
      .sort()
      .map((file) => ({ name: `corpus/${version}/${file.replace(/\.ya?ml$/, "")}`, path: join(CORPUS, version, file), checked: false })),
  ),
];

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path).map((f) => `${name}/${f}`) : [name];
  });
}

describe("Markdown docs (golden)", () => {
  it.each(cases)("$name", async ({ name, path, checked }) => {
    const ir = await irOf(path, checked);
    const files = emitMarkdownDocs(ir, assignNames(ir));
    const dir = join(GOLDEN, name);
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.contents);
      }
    }
    expect(listFiles(dir).sort(), `files under ${relative(ROOT, dir)} (UPDATE_GOLDEN=1 to accept)`).toEqual(files.map((f) => f.path).sort());
    for (const file of files) {
      // one file at a time, so a failure names the drifted page
      expect({ path: file.path, contents: readFileSync(join(dir, file.path), "utf8") }).toEqual({ path: file.path, contents: file.contents });
    }
  }, 120_000);

  it("is deterministic: the same IR gives the same bytes", async () => {
    const ir = await irOf(join(CORPUS, "asyncapi-3", "streetlights-kafka-asyncapi.yml"), true);
    const reversed = { ...ir, services: [...ir.services].reverse(), operations: [...ir.operations].reverse() };
    expect(emitMarkdownDocs(reversed, assignNames(reversed))).toEqual(emitMarkdownDocs(ir, assignNames(ir)));
  });
});
