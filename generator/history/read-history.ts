/**
 * The catalog as of the last n commits that changed it, read with git itself (`git log` for
 * the commits, the compat engine's `readBase` for each revision's files), compiled, and turned
 * into per-event versions with compatibility verdicts: the history stage, which the docs site
 * receives as input (emitters run no git and compile nothing).
 */
import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import { promisify } from "node:util";
import { BaseError, readBase } from "../compat/read-base.js";
import { eventHistory, type CatalogChange, type CommitInfo, type HistoryReport } from "../emit/docs/history/event-history.js";
import type { CatalogIR } from "../ir/types.js";
import { compileCatalog, type CompileOptions } from "../pipeline.js";

const execFileAsync = promisify(execFile);

/** A usage problem with `--history` (not a git repository, git missing), said in one line. */
export class HistoryError extends Error {}

/** `catalogPath` absolute; the commits are the last `count` that touched it, newest first. */
export async function readHistory(catalogPath: string, count: number, options: CompileOptions = {}): Promise<HistoryReport> {
  const cwd = dirname(catalogPath);
  const top = (await git(cwd, ["rev-parse", "--show-toplevel"]).catch(() => undefined))?.trim();
  if (!top) throw new HistoryError(`--history: ${catalogPath} is not in a git repository`);
  const inRepo = relative(realpathSync(top), realpathSync(catalogPath)).split(sep).join("/") || ".";
  const log = await git(top, ["log", `-n${count}`, "--format=%H%x09%cI%x09%s", "--", inRepo]);
  const commits = log
    .split("\n")
    .filter(Boolean)
    .map((line): CommitInfo => {
      const [commit, date, ...subject] = line.split("\t");
      return { commit: commit!, date: date!, subject: subject.join("\t") };
    });
  // keyed by the catalog's tree: a parent that did not touch it is the commit before, compiled once
  const states = new Map<string, Promise<{ ir?: CatalogIR; problem?: string }>>();
  const stateAt = async (revision: string) => {
    const tree = (await git(top, ["rev-parse", "--verify", "--quiet", `${revision}:${inRepo === "." ? "" : inRepo}`]).catch(() => "missing")).trim();
    let state = states.get(tree);
    if (!state) states.set(tree, (state = compileAt(top, revision, catalogPath, options)));
    return state;
  };
  const changes: CatalogChange[] = [];
  for (const info of commits) {
    const parent = (await git(top, ["rev-parse", "--verify", "--quiet", `${info.commit}^`]).catch(() => "")).trim();
    const after = await stateAt(info.commit);
    const before = parent ? await stateAt(parent) : {};
    const problem = after.problem ?? before.problem;
    changes.push({ ...info, before: before.ir, after: after.ir, ...(problem !== undefined ? { problem } : {}) });
  }
  return eventHistory(changes);
}

async function compileAt(top: string, revision: string, catalogPath: string, options: CompileOptions): Promise<{ ir?: CatalogIR; problem?: string }> {
  try {
    const base = await readBase(top, revision, catalogPath);
    if (base.kind === "missing") return {};
    try {
      const compiled = await compileCatalog(base.path, options);
      if (compiled.ir) return { ir: compiled.ir };
      const errors = compiled.diagnostics.filter((d) => d.severity === "error").length;
      return { problem: `the catalog at ${revision.slice(0, 12)} has ${errors} error${errors === 1 ? "" : "s"}` };
    } finally {
      await base.cleanup();
    }
  } catch (error) {
    if (error instanceof BaseError) throw new HistoryError(`--history: ${error.message}`);
    throw error;
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return (await execFileAsync("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === "ENOENT") throw new HistoryError("--history: git could not be run (is it installed?)");
    throw new HistoryError(`--history: git ${args[0]} failed: ${stderr?.trim() || String(code)}`);
  }
}
