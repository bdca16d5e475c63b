/**
 * Parsed catalog files kept on disk between `compat` runs (`<cache dir>/files/<key>.json`), keyed
 * by the hash of their text, so a pull request that edits 2 files of 40 parses 2: a hit costs a
 * JSON.parse, not a YAML parse. An entry holds the file's value and the offset of every node in
 * walk order (pointers are rebuilt from the value), and is kept only for a file the fast path read
 * cleanly (no diagnostics, every node placed, nothing JSON cannot carry). A corrupt or stale entry
 * is a miss; a full or read-only disk only costs a parse.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { escapeSegment } from "../load/json-pointer.js";
import { toCatalogPath } from "../load/ref-syntax.js";
import { sha256, sourceFromOffsets, type SourceFile } from "../load/yaml-source.js";
import { packageVersion } from "../package-info.js";
import { catalogFiles } from "./catalog-files.js";
import type { IrCache } from "./ir-cache.js";

/** Files kept; the least recently written go first (a 2000-event catalog has 41). */
const MAX_ENTRIES = 1024;

/** What `loadCatalog` takes to skip parsing cached files, and what stores the ones it parsed. */
export interface CachedParse {
  /** Cached files by catalog path (loadCatalog's `parsed`; after the load, every file it read). */
  parsed: Map<string, SourceFile>;
  /** Serves the texts read to look the files up, so none is read twice. */
  readFile(path: string): Promise<string>;
  /** Stores the files the load parsed that the cache did not hold. */
  store(): void;
}

interface Entry {
  hash: string;
  data: unknown;
  offsets: number[];
}

export function cachedParse(cache: IrCache, catalogPath: string): CachedParse {
  const dir = join(cache.dir, "files");
  const root = statSync(catalogPath).isDirectory() ? catalogPath : dirname(catalogPath);
  const texts = new Map<string, string>();
  const parsed = new Map<string, SourceFile>();
  for (const file of catalogFiles(catalogPath)) {
    const text = readFileSync(file, "utf8");
    texts.set(file, text);
    const path = toCatalogPath(root, file);
    const hit = readEntry(dir, path, text);
    if (hit) parsed.set(path, hit);
  }
  const hits = new Set(parsed.values());
  return {
    parsed,
    readFile: (path) => {
      const text = texts.get(path);
      return text === undefined ? readFile(path, "utf8") : Promise.resolve(text);
    },
    store: () => {
      let wrote = false;
      for (const source of parsed.values()) if (!hits.has(source)) wrote = writeEntry(dir, source) || wrote;
      if (wrote) prune(dir);
    },
  };
}

function entryFile(dir: string, hash: string): string {
  return join(dir, `${createHash("sha256").update(`eventsmith ${packageVersion()} parsed\0${hash}`).digest("hex").slice(0, 32)}.json`);
}

function readEntry(dir: string, path: string, text: string): SourceFile | undefined {
  const hash = sha256(text);
  try {
    const entry = JSON.parse(readFileSync(entryFile(dir, hash), "utf8")) as Entry;
    if (entry.hash !== hash || !Array.isArray(entry.offsets)) return undefined;
    const offsets = new Map<string, number>();
    let next = 0;
    walk(entry.data, "", (pointer) => {
      const offset = entry.offsets[next++];
      if (typeof offset === "number" && offset >= 0) offsets.set(pointer, offset);
      return true;
    });
    return next === entry.offsets.length ? sourceFromOffsets(path, text, hash, entry.data, offsets) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes one parsed file if it can be kept; whether it wrote. */
function writeEntry(dir: string, source: SourceFile): boolean {
  const { offsets, data } = source;
  if (!offsets || source.diagnostics.length > 0 || typeof data !== "object" || data === null) return false;
  const list: number[] = [];
  // NaN, ±Infinity and -0 do not survive JSON: such a file is parsed each time
  const fits = walk(data, "", (pointer, value) => {
    list.push(offsets.get(pointer) ?? -1);
    return typeof value !== "number" || (Number.isFinite(value) && !Object.is(value, -0));
  });
  if (!fits) return false;
  try {
    mkdirSync(dir, { recursive: true });
    const file = entryFile(dir, source.hash);
    const entry: Entry = { hash: source.hash, data, offsets: list };
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(entry));
    renameSync(`${file}.${process.pid}.tmp`, file);
    return true;
  } catch {
    return false;
  }
}

/** Visits every node, parent first, keys in order (the order offsets are stored in); false stops it. */
function walk(value: unknown, pointer: string, visit: (pointer: string, value: unknown) => boolean): boolean {
  if (!visit(pointer, value)) return false;
  if (Array.isArray(value)) return value.every((item, index) => walk(item, `${pointer}/${index}`, visit));
  if (typeof value !== "object" || value === null) return true;
  return Object.keys(value).every((key) => walk((value as Record<string, unknown>)[key], `${pointer}/${escapeSegment(key)}`, visit));
}

function prune(dir: string): void {
  try {
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of entries.slice(MAX_ENTRIES)) rmSync(join(dir, old.name), { force: true });
  } catch {
    // another run pruned first
  }
}
