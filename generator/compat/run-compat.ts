/**
 * `compat` end to end, without the command line: read the base (git or disk), compile both
 * catalogs, compare, apply the ignore file, and express file paths relative to the working
 * directory. Problems with the inputs come back as `failure` lines (exit 2), never as findings.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { CatalogIR } from "../ir/types.js";
import { compareCatalogs, CompatInputError, type CheckMode, type CompatPolicy } from "./compare-catalogs.js";
import { compileBoth, type Compiled } from "./compile-for-compat.js";
import { applyIgnores, DEFAULT_IGNORE_FILE, IgnoreFileError, readIgnoreFile, type IgnoreFile } from "./ignore-file.js";
import { BaseError, readBase } from "./read-base.js";
import type { CompatReport } from "./report.js";
import type { CompatFinding } from "./rules.js";

export interface RunCompatOptions {
  cwd: string;
  /** The new catalog (directory or file), relative to cwd. */
  catalog: string;
  /** A git revision, or a directory or file. */
  base: string;
  mode?: CheckMode;
  policy?: CompatPolicy;
  /** Ignore file; default `.eventsmith-compat-ignore.yaml` in cwd when it exists. */
  ignore?: string;
}

export type RunCompatResult = { report: CompatReport } | { failure: string[] };

export async function runCompat(options: RunCompatOptions): Promise<RunCompatResult> {
  const { cwd } = options;
  const show = (absolute: string) => relative(cwd, absolute).split(sep).join("/") || ".";
  const catalogPath = resolve(cwd, options.catalog);
  if (!existsSync(catalogPath)) return { failure: [`${options.catalog}: no such file or directory`] };
  try {
    const ignore = await ignoreFile(cwd, options.ignore);
    const base = await readBase(cwd, options.base, catalogPath);
    try {
      const [current, previous] = await compileBoth(catalogPath, base.kind === "path" ? base.path : undefined);
      const newRoot = current.root;
      const oldRoot = base.kind === "path" && previous ? join(base.displayPath, relative(base.path, previous.root)) : newRoot;
      const broken = [...errorsOf(current, newRoot, "", show), ...(previous ? errorsOf(previous, oldRoot, `base ${base.label}: `, show) : [])];
      if (broken.length > 0 || !current.ir) return { failure: [...broken, "compat: fix the catalog errors above first"] };
      if (previous && !previous.ir) return { failure: ["compat: the base catalog has errors"] };
      const oldIr = previous?.ir ?? emptyCatalog(current.ir);
      const compared = compareCatalogs(oldIr, current.ir, {
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
      });
      const located = compared.findings.map((f): CompatFinding => ({
        ...f,
        file: show(join(f.side === "new" ? newRoot : oldRoot, f.file)),
        ...(f.base ? { base: { ...f.base, file: show(join(oldRoot, f.base.file)) } } : {}),
      }));
      const { kept, ignored, unused } = applyIgnores(located, ignore);
      return {
        report: {
          compatible: !kept.some((f) => f.severity === "error"),
          findings: kept,
          events: compared.events,
          ignored,
          unused,
          ...(ignore ? { ignoreFile: ignore.path } : {}),
          base: options.base,
          ...(base.kind === "missing" ? { baseMissing: base.where } : {}),
          policy: options.policy ?? "lenient",
          ...(options.mode ? { mode: options.mode } : {}),
        },
      };
    } finally {
      if (base.kind === "path") await base.cleanup();
    }
  } catch (error) {
    if (error instanceof BaseError || error instanceof IgnoreFileError) return { failure: [error.message] };
    if (error instanceof CompatInputError) return { failure: [`${error.side === "old" ? `base ${options.base}: ` : ""}${error.location.file}:${error.location.line}:${error.location.column}: ${error.message}`] };
    throw error;
  }
}

async function ignoreFile(cwd: string, given: string | undefined): Promise<IgnoreFile | undefined> {
  if (given !== undefined) return readIgnoreFile(resolve(cwd, given), given);
  const fallback = join(cwd, DEFAULT_IGNORE_FILE);
  return existsSync(fallback) ? readIgnoreFile(fallback, DEFAULT_IGNORE_FILE) : undefined;
}

function errorsOf(result: Compiled, root: string, prefix: string, show: (path: string) => string): string[] {
  return result.diagnostics
    .filter((d: Diagnostic) => d.severity === "error")
    .map((d) => `${prefix}${show(join(root, d.file))}:${d.line}:${d.column}: error ${d.code}: ${d.message}`);
}

/** What a base without a catalog holds: nothing, so every event is new. */
function emptyCatalog(like: CatalogIR): CatalogIR {
  return { ...like, events: [], channels: [], operations: [], services: [], schemas: {} };
}
