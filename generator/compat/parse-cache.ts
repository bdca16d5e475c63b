/**
 * The catalog files compat hands the loader already parsed (its `parsed` option), so it parses
 * none itself:
 * - with a cache, files kept on disk between runs (`<cache dir>/files/<key>.json`), keyed by the
 *   hash of their text: a pull request that edits 2 files of 40 parses 2, and a hit costs a
 *   JSON.parse, not a YAML parse (parsed-file-codec.ts). Corrupt or stale entries are misses;
 *   a full or read-only disk only costs a parse;
 * - with `parallel`, the files left are parsed on two threads, half in a worker (parse-worker.ts).
 * A file either way must be one the loader would have read cleanly; any other is left to it, and
 * it reports what is wrong.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bareValueContent, unreadableContent } from "../load/file-content.js";
import { toCatalogPath } from "../load/ref-syntax.js";
import { parseYamlSource, sha256, type SourceFile } from "../load/yaml-source.js";
import { packageVersion } from "../package-info.js";
import { catalogFiles } from "./catalog-files.js";
import { pruneOldest, type IrCache } from "./ir-cache.js";
import { decodeParsed, encodeParsed, type EncodedFile } from "./parsed-file-codec.js";
import { outcome, startWorker } from "./worker-thread.js";

/** Files kept; the least recently written go first (a 2000-event catalog has 41). */
const MAX_ENTRIES = 1024;
/** Below this much YAML left to parse, a worker's start-up costs more than it saves. */
const PARALLEL_THRESHOLD = 512 * 1024;

export interface ParseOptions {
  cache?: IrCache;
  /** Parse on two threads (when no other compile runs alongside). */
  parallel: boolean;
}

/** What `loadCatalog` takes to skip parsing, and what stores the files it parsed. */
export interface PreparedSources {
  /** Parsed files by catalog path (loadCatalog's `parsed`; after the load, every file it read). */
  parsed: Map<string, SourceFile>;
  /** Serves the texts already read, so none is read twice. */
  readFile(path: string): Promise<string>;
  /** Stores in the cache the files it did not hold. */
  store(): void;
}

interface File {
  path: string;
  text: string;
  hash: string;
}

export async function prepareSources(catalogPath: string, options: ParseOptions): Promise<PreparedSources> {
  const dir = options.cache && join(options.cache.dir, "files");
  const root = statSync(catalogPath).isDirectory() ? catalogPath : dirname(catalogPath);
  const texts = new Map<string, string>();
  const parsed = new Map<string, SourceFile>();
  const misses: File[] = [];
  for (const absolute of catalogFiles(catalogPath)) {
    const text = readFileSync(absolute, "utf8");
    texts.set(absolute, text);
    const file = { path: toCatalogPath(root, absolute), text, hash: sha256(text) };
    const hit = dir === undefined ? undefined : readEntry(dir, file);
    if (hit) parsed.set(file.path, hit);
    else if (!unreadableContent(file.path, text)) misses.push(file);
  }
  const hits = new Set(parsed.values());
  if (options.parallel) await parseInParallel(misses, parsed);
  return {
    parsed,
    readFile: (path) => {
      const text = texts.get(path);
      return text === undefined ? readFile(path, "utf8") : Promise.resolve(text);
    },
    store: () => {
      if (dir === undefined) return;
      let wrote = false;
      for (const source of parsed.values()) if (!hits.has(source)) wrote = writeEntry(dir, source) || wrote;
      if (wrote) pruneOldest(dir, MAX_ENTRIES);
    },
  };
}

/** Parses `files`, half of their bytes in a worker, into `parsed` (those the loader would have read cleanly). */
async function parseInParallel(files: File[], parsed: Map<string, SourceFile>): Promise<void> {
  if (files.reduce((sum, f) => sum + f.text.length, 0) < PARALLEL_THRESHOLD) return;
  const halves: [File[], File[]] = [[], []];
  const bytes = [0, 0];
  for (const file of [...files].sort((a, b) => b.text.length - a.text.length)) {
    const half = bytes[0]! <= bytes[1]! ? 0 : 1;
    halves[half].push(file);
    bytes[half]! += file.text.length;
  }
  const worker = startWorker("parse-worker", { files: halves[1].map(({ path, text }) => ({ path, text })) });
  if (!worker) return;
  // a worker that fails leaves its files to the loader, which parses them (and says what is wrong)
  const theirs = outcome<Array<EncodedFile | null>>(worker).catch(() => []);
  for (const file of halves[0]) {
    // as the loader reads a file: one parsed to a bare value is left to it, to say so
    const source = parseYamlSource(file.path, file.text, file.hash);
    if (!bareValueContent(file.path, source.data)) parsed.set(file.path, source);
  }
  (await theirs).forEach((entry, i) => {
    const file = halves[1][i];
    if (!file) return;
    const source = entry && decodeParsed(file.path, file.text, file.hash, entry);
    if (source) parsed.set(file.path, source);
  });
}

function entryFile(dir: string, hash: string): string {
  return join(dir, `${createHash("sha256").update(`eventsmith ${packageVersion()} parsed\0${hash}`).digest("hex").slice(0, 32)}.json`);
}

function readEntry(dir: string, file: File): SourceFile | undefined {
  try {
    return decodeParsed(file.path, file.text, file.hash, JSON.parse(readFileSync(entryFile(dir, file.hash), "utf8")) as EncodedFile);
  } catch {
    return undefined;
  }
}

/** Writes one parsed file if it can be kept; whether it wrote. */
function writeEntry(dir: string, source: SourceFile): boolean {
  const entry = encodeParsed(source);
  if (!entry) return false;
  try {
    mkdirSync(dir, { recursive: true });
    const file = entryFile(dir, source.hash);
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(entry));
    renameSync(`${file}.${process.pid}.tmp`, file);
    return true;
  } catch {
    return false;
  }
}
