/**
 * Compiled catalogs kept on disk between `compat` runs (`node_modules/.cache/eventsmith/compat/
 * <key>.json`), so the base of a pull request (origin/main, a release) is compiled once: a git
 * base is keyed by its tree hash (a hit reads no blob at all), a directory by the hash of its
 * files' paths and contents. Keys include the eventsmith and IR versions. A corrupt or
 * unreadable entry is a miss, never an error; a full or read-only disk only costs a rebuild.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { IR_VERSION } from "../ir/types.js";
import { packageVersion } from "../package-info.js";
import { catalogFiles } from "./catalog-files.js";
import type { Compiled } from "./compiled.js";

/** Entries kept; the least recently written go first (a 2000-event catalog is ~10 MB). */
const MAX_ENTRIES = 16;

export interface IrCache {
  dir: string;
}

/** A compiled catalog as stored: its root relative to the path it was compiled from. */
interface Entry {
  rootFromPath: string;
  ir: NonNullable<Compiled["ir"]>;
  diagnostics: Compiled["diagnostics"];
}

export function defaultIrCacheDir(cwd: string): string {
  return join(cwd, "node_modules", ".cache", "eventsmith", "compat");
}

/** The key of a git tree (or blob): what is in it is fixed by its hash. */
export function treeKey(tree: string): string {
  return key(`tree\0${tree}`);
}

/** The key of a catalog on disk: every YAML or JSON file under it, by path and content. */
export function contentKey(path: string): string {
  const hash = createHash("sha256");
  const info = statSync(path);
  for (const file of catalogFiles(path)) hash.update(relative(path, file).split(sep).join("/")).update("\0").update(readFileSync(file)).update("\0");
  return key(`content\0${info.isDirectory() ? "dir" : "file"}\0${hash.digest("hex")}`);
}

function key(what: string): string {
  return createHash("sha256").update(`eventsmith ${packageVersion()} ir ${IR_VERSION}\0${what}`).digest("hex").slice(0, 32);
}

/** The compiled catalog under `key`, with its root placed under `path` (the path it stands for). */
export function readCached(cache: IrCache | undefined, entryKey: string, path: string): Compiled | undefined {
  if (!cache) return undefined;
  try {
    const entry = JSON.parse(readFileSync(join(cache.dir, `${entryKey}.json`), "utf8")) as Entry;
    if (typeof entry.rootFromPath !== "string" || entry.ir?.irVersion !== IR_VERSION || !Array.isArray(entry.diagnostics)) return undefined;
    return { ir: entry.ir, diagnostics: entry.diagnostics, root: join(path, entry.rootFromPath) };
  } catch {
    return undefined;
  }
}

/** Stores a catalog that compiled without errors (one with errors stops compat anyway). */
export function writeCached(cache: IrCache | undefined, entryKey: string, path: string, compiled: Compiled): void {
  if (!cache || !compiled.ir) return;
  try {
    mkdirSync(cache.dir, { recursive: true });
    const file = join(cache.dir, `${entryKey}.json`);
    const entry: Entry = { rootFromPath: relative(path, compiled.root), ir: compiled.ir, diagnostics: compiled.diagnostics };
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(entry));
    renameSync(`${file}.${process.pid}.tmp`, file);
    pruneOldest(cache.dir, MAX_ENTRIES);
  } catch {
    // a read-only or full disk only costs a rebuild next time
  }
}

/** Keeps the `keep` most recently written entries (`*.json`) of `dir`. */
export function pruneOldest(dir: string, keep: number): void {
  try {
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of entries.slice(keep)) rmSync(join(dir, old.name), { force: true });
  } catch {
    // another run pruned first
  }
}
