/**
 * The parsed-file cache under the compat cache (`files/`): a file is found by the hash of its
 * text, comes back with the value and every location a fresh parse gives, and a changed file is
 * parsed again. End to end, compat reads an unchanged file from it and re-parses an edited one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syntheticCatalog, writeCatalog } from "../../bench/synthetic-catalog.js";
import { prepareSources } from "../../generator/compat/parse-cache.js";
import { parseYamlSource } from "../../generator/load/yaml-source.js";
import { PAYLOAD, runCompatCli, writeAsyncApi } from "./cli-harness.js";

let work: string;
const cache = () => ({ dir: join(work, "cache") });
const filesDir = () => join(work, "cache", "files");
beforeEach(() => void (work = mkdtempSync(join(tmpdir(), "eventsmith-parse-cache-"))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Parses `dir` through the cache as compat does (the loader fills `parsed`), and stores what was parsed. */
async function parseThrough(dir: string) {
  const files = await prepareSources(dir, { cache: cache(), parallel: false });
  const hits = new Map(files.parsed);
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), "utf8");
    if (!files.parsed.has(name)) files.parsed.set(name, parseYamlSource(name, text));
  }
  files.store();
  return { hits, parsed: files.parsed };
}

const CASES: Array<{ name: string; text: string }> = [
  { name: "block.yaml", text: "asyncapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\nlist:\n  - a\n  - { b: 1, c: [x, y] }\n" },
  { name: "keys.yaml", text: '"a/b": 1\n"~0": { x: ok, __proto__: kept }\nempty: {}\nnone: []\n' },
  { name: "doc.json", text: '{\n  "asyncapi": "3.0.0",\n  "x": [1, 2.5, true, null, "s"]\n}\n' },
];

describe("parsed-file cache", () => {
  it.each(CASES)("$name: a hit has the value and every location of a fresh parse", async ({ name, text }) => {
    const dir = join(work, "catalog");
    writeAsyncApi(dir);
    writeFileSync(join(dir, name), text);
    expect((await parseThrough(dir)).hits.size).toBe(0);
    const { hits } = await parseThrough(dir);
    const hit = hits.get(name)!;
    const fresh = parseYamlSource(name, text);
    expect(hit.data).toEqual(fresh.data);
    expect(Object.keys(hit.data as object)).toEqual(Object.keys(fresh.data as object));
    expect(hit.offsets!.size).toBe(fresh.offsets!.size);
    for (const pointer of fresh.offsets!.keys()) expect([pointer, hit.locate(pointer)]).toEqual([pointer, fresh.locate(pointer)]);
    expect(hit.locate("/no/such/node")).toEqual(fresh.locate("/no/such/node"));
  });

  it("an edited file is a miss and parsed again; the others stay hits", async () => {
    const dir = join(work, "catalog");
    writeAsyncApi(dir);
    writeFileSync(join(dir, "other.yaml"), "Id: { type: string }\n");
    await parseThrough(dir);
    writeFileSync(join(dir, "other.yaml"), "# moved down a line\nId: { type: integer }\n");
    const { hits, parsed } = await parseThrough(dir);
    expect([...hits.keys()]).toEqual(["events.yaml"]);
    expect(parsed.get("other.yaml")!.data).toEqual({ Id: { type: "integer" } });
    expect((await parseThrough(dir)).hits.get("other.yaml")!.locate("/Id")).toEqual({ file: "other.yaml", line: 2, column: 1 });
  });

  it("keeps no file that did not parse cleanly, or whose values JSON cannot carry; a corrupt entry is a miss", async () => {
    const dir = join(work, "catalog");
    writeAsyncApi(dir);
    writeFileSync(join(dir, "broken.yaml"), "a: [1, 2\n");
    writeFileSync(join(dir, "numbers.yaml"), "big: .inf\nnan: .nan\n");
    await parseThrough(dir);
    expect(readdirSync(filesDir())).toHaveLength(1); // events.yaml only
    for (const entry of readdirSync(filesDir())) writeFileSync(join(filesDir(), entry), "{ not json");
    expect((await parseThrough(dir)).hits.size).toBe(0);
  });
});

describe("parsing on two threads", () => {
  it("gives every file the value, diagnostics and locations of a parse in one thread", () => {
    const dir = join(work, "catalog");
    // 1.4 MB in 9 files: past the size at which half of them go to a worker
    writeCatalog(dir, syntheticCatalog({ events: 400 }));
    writeFileSync(join(dir, "broken.yaml"), "a: [1, 2\n");
    const root = join(import.meta.dirname, "..", "..");
    const child = spawnSync(process.execPath, ["--import", "tsx", "test/compat/prepare-sources-child.ts", dir], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
    expect(child.stderr).toBe("");
    const got = JSON.parse(child.stdout) as Array<{ path: string; data: unknown; diagnostics: unknown[]; locations: Array<[string, unknown]> | null }>;
    // a file the worker could not encode (broken.yaml, if it went there) is left to the loader
    const names = readdirSync(dir).filter((name) => name !== "broken.yaml").sort();
    expect(got.map((file) => file.path).filter((name) => name !== "broken.yaml").sort()).toEqual(names);
    for (const file of got) {
      const fresh = parseYamlSource(file.path, readFileSync(join(dir, file.path), "utf8"));
      expect(file.data).toEqual(fresh.data);
      expect(file.diagnostics).toEqual(fresh.diagnostics);
      expect(file.locations).toEqual(fresh.offsets ? [...fresh.offsets.keys()].map((pointer) => [pointer, fresh.locate(pointer)]) : null);
    }
  }, 120_000);
});

describe("compat with parsed files cached", () => {
  it("reads an unchanged file from the cache and parses an edited one again, with its new locations", async () => {
    const before = join(work, "before");
    const after = join(work, "after");
    writeAsyncApi(before);
    writeAsyncApi(after, { payload: PAYLOAD.replace("required: [id]", "required: [id, email]") });
    const run = () => runCompatCli(work, ["after", "--base", "before", "--format", "json"]);
    const findings = async () => (JSON.parse((await run()).stdout) as { findings: Array<{ rule: string; line: number }> }).findings;
    const cacheRoot = join(work, "node_modules", ".cache", "eventsmith", "compat");
    const dropCompiled = () => readdirSync(cacheRoot).filter((n) => n.endsWith(".json")).forEach((n) => rmSync(join(cacheRoot, n)));

    const first = await findings();
    expect(first.length).toBeGreaterThan(0);
    // the new file's cached value made compatible again (same shape: every node keeps its offset): only a cache hit can say so
    dropCompiled();
    const files = join(cacheRoot, "files");
    for (const entry of readdirSync(files)) {
      const path = join(files, entry);
      writeFileSync(path, readFileSync(path, "utf8").replace('"required":["id","email"]', '"required":["id","id"]'));
    }
    expect(await findings()).toEqual([]);
    // an edit is a new hash: parsed again, and the finding is back one line further down
    writeFileSync(join(after, "events.yaml"), "# edited\n" + readFileSync(join(after, "events.yaml"), "utf8"));
    dropCompiled();
    const moved = await findings();
    expect(moved.map((f) => [f.rule, f.line])).toEqual(first.map((f) => [f.rule, f.line + 1]));
  });
});
