/**
 * Writes generated files: unchanged files are left untouched (mtimes and watchers stay quiet),
 * changed ones are replaced atomically (temp file + rename: never half-written), and stale
 * files that carry the generated mark are removed. Files without the mark are never touched.
 * With `check`, nothing is written and the drift is reported instead.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { GeneratedFile } from "../emit/generated-file.js";
import { isGeneratedFile } from "../generated-mark.js";

export interface WriteReport {
  written: string[];
  removed: string[];
  unchanged: number;
}

export interface CheckReport {
  /** Files that would be created or changed. */
  changed: string[];
  /** Generated files that would be removed. */
  stale: string[];
}

/** Files read or written at once: enough to keep the disk busy, few enough for any ulimit. */
const PARALLEL = 32;

export async function writeOutput(outDir: string, files: readonly GeneratedFile[]): Promise<WriteReport> {
  const { existing, stale } = await compare(outDir, files);
  const changed = files.filter((file) => existing.get(file.path) !== file.contents);
  await Promise.all([...new Set(changed.map((file) => dirname(join(outDir, file.path))))].map((dir) => mkdir(dir, { recursive: true })));
  await forEachLimited(changed, async (file) => {
    const target = join(outDir, file.path);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, file.contents);
    await rename(temp, target);
  });
  await forEachLimited(stale, (path) => rm(join(outDir, path)));
  for (const dir of [...new Set(stale.map((path) => dirname(join(outDir, path))))].sort().reverse()) await removeEmptyParents(outDir, dir);
  return { written: changed.map((file) => file.path), removed: [...stale], unchanged: files.length - changed.length };
}

export async function checkOutput(outDir: string, files: readonly GeneratedFile[]): Promise<CheckReport> {
  const { existing, stale } = await compare(outDir, files);
  return { changed: files.filter((f) => existing.get(f.path) !== f.contents).map((f) => f.path), stale };
}

/** What is on disk now: full contents of the files we would write, the mark of the others. */
async function compare(outDir: string, files: readonly GeneratedFile[]) {
  const wanted = new Set(files.map((f) => f.path));
  const existing = new Map<string, string>();
  const stale: string[] = [];
  await forEachLimited(await listFiles(outDir), async (path) => {
    if (wanted.has(path)) existing.set(path, await readFile(join(outDir, path), "utf8"));
    else if (await isGeneratedFile(join(outDir, path))) stale.push(path);
  });
  return { existing, stale: stale.sort() };
}

async function forEachLimited<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else if (entry.isFile()) out.push(relative(base, path).split(sep).join("/"));
  }
  return out;
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  while (dir !== root && dir.startsWith(root)) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty
    }
    dir = dirname(dir);
  }
}
