/**
 * The base catalog of `compat --base`: a directory or file on disk, or a git revision read with
 * git itself (ls-tree + one `cat-file --batch`), which works in shallow clones as long as the
 * revision was fetched. The files are written to a temporary directory with the repository
 * layout, so relative `$ref`s resolve exactly as they did at that revision.
 */
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";

export type BaseCatalog =
  /** Compile `path`; its findings are shown as if it were at `displayPath`. */
  | { kind: "path"; label: string; path: string; displayPath: string; cleanup(): Promise<void> }
  /** The revision has no catalog at that path: every event is new. */
  | { kind: "missing"; label: string; where: string };

/** A usage problem with `--base` (exit 2), said in one line. */
export class BaseError extends Error {}

export async function readBase(cwd: string, base: string, catalogPath: string): Promise<BaseCatalog> {
  const onDisk = resolve(cwd, base);
  if (existsSync(onDisk)) return { kind: "path", label: base, path: onDisk, displayPath: onDisk, cleanup: async () => {} };
  const top = (await git(cwd, ["rev-parse", "--show-toplevel"]).catch(() => undefined))?.trim();
  if (!top) throw new BaseError(`--base ${base}: no such file or directory, and ${cwd} is not in a git repository`);
  const commit = (
    await git(cwd, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]).catch(() => {
      throw new BaseError(`--base ${base}: not a file, directory or git revision here (in a shallow clone, fetch it first, e.g. git fetch --depth=2 origin)`);
    })
  ).trim();
  const inRepo = relative(realpathSync(top), realpathSync(resolve(cwd, catalogPath))).split(sep).join("/");
  if (inRepo.startsWith("..")) throw new BaseError(`--base ${base}: the catalog ${catalogPath} is outside the git repository ${top}`);
  const listing = await git(top, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", inRepo || "."]);
  const blobs = listing
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split("\t") as [string, string];
      const [, type, sha] = meta.split(" ") as [string, string, string];
      return { type, sha, path };
    })
    .filter((entry) => entry.type === "blob");
  if (blobs.length === 0) return { kind: "missing", label: base, where: inRepo || "." };
  const dir = await mkdtemp(join(tmpdir(), "eventsmith-base-"));
  const contents = await catFiles(top, blobs.map((b) => b.sha));
  for (const [i, blob] of blobs.entries()) {
    const target = join(dir, ...blob.path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents[i]!);
  }
  return {
    kind: "path",
    label: base,
    path: join(dir, ...inRepo.split("/")),
    // shown where the catalog is in the working tree, as the user wrote its path
    displayPath: resolve(cwd, catalogPath),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The git object (tree, or blob for a one-file catalog) that holds the catalog at revision
 * `base`: what a cache of the base can be keyed by without reading it. Undefined when `base`
 * is a path on disk, or not a revision that has the catalog (readBase then says why).
 */
export async function baseTree(cwd: string, base: string, catalogPath: string): Promise<string | undefined> {
  if (existsSync(resolve(cwd, base))) return undefined;
  try {
    const top = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
    const inRepo = relative(realpathSync(top), realpathSync(resolve(cwd, catalogPath))).split(sep).join("/");
    if (inRepo.startsWith("..")) return undefined;
    return (await git(top, ["rev-parse", "--verify", "--quiet", `${base}^{commit}:${inRepo}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Runs git in `cwd`; a failure is a BaseError with git's own message. */
export function git(cwd: string, args: string[], input?: Buffer): Promise<string> {
  return run(cwd, args, input).then((out) => out.toString("utf8"));
}

function run(cwd: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((done, fail) => {
    const child = spawn("git", args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => fail(new BaseError(`git could not be run: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) done(Buffer.concat(out));
      else fail(new BaseError(`git ${args[0]} failed: ${Buffer.concat(err).toString("utf8").trim() || `exit ${code}`}`));
    });
    child.stdin.end(input);
  });
}

/** Reads blobs in one `git cat-file --batch`: `<sha> blob <size>\n<content>\n` per object. */
async function catFiles(cwd: string, shas: string[]): Promise<Buffer[]> {
  const out = await run(cwd, ["cat-file", "--batch"], Buffer.from(shas.join("\n") + "\n"));
  const blobs: Buffer[] = [];
  let at = 0;
  for (const sha of shas) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString("utf8").split(" ");
    if (header[0] !== sha || header[1] !== "blob") throw new BaseError(`git cat-file: unexpected answer for ${sha}: ${header.join(" ")}`);
    const size = Number(header[2]);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return blobs;
}
