/**
 * `compat` end to end, without the command line: read the base (git or disk), compile both
 * catalogs, compare, apply the ignore file, and express file paths relative to the working
 * directory. With `transitive`, the same against every released version (release-versions.ts),
 * merged into one report whose findings say which releases they break. Problems with the
 * inputs come back as `failure` lines (exit 2), never as findings.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { CatalogIR } from "../ir/types.js";
import { compareCatalogs, CompatInputError, type CheckMode, type CompareResult, type CompatPolicy } from "./compare-catalogs.js";
import { compilePair } from "./compile-cached.js";
import type { Compiled } from "./compiled.js";
import { applyIgnores, DEFAULT_IGNORE_FILE, IgnoreFileError, readIgnoreFile, type IgnoreFile } from "./ignore-file.js";
import { contentKey, defaultIrCacheDir, readCached, treeKey } from "./ir-cache.js";
import { BaseError, baseTree, readBase, type BaseCatalog } from "./read-base.js";
import { releaseVersions, type ReleaseSelection } from "./release-versions.js";
import type { CompatReport } from "./report/report.js";
import type { CompatFinding } from "./rules.js";
import { mergeReleases, type UncheckedRelease } from "./report/transitive-report.js";

export interface RunCompatOptions {
  cwd: string;
  /** The new catalog (directory or file), relative to cwd. */
  catalog: string;
  /** A git revision, or a directory or file. Not used with `transitive`. */
  base?: string;
  mode?: CheckMode;
  policy?: CompatPolicy;
  /** Ignore file; default `.eventsmith-compat-ignore.yaml` in cwd when it exists. */
  ignore?: string;
  /** Check against every released version instead of one base. */
  transitive?: ReleaseSelection;
  /** Where compiled catalogs are cached (default `node_modules/.cache/eventsmith/compat` in cwd); false: no cache. */
  cacheDir?: string | false;
}

export type RunCompatResult = { report: CompatReport } | { failure: string[] };

export async function runCompat(options: RunCompatOptions): Promise<RunCompatResult> {
  const catalogPath = resolve(options.cwd, options.catalog);
  if (!existsSync(catalogPath)) return { failure: [`${options.catalog}: no such file or directory`] };
  try {
    const ignore = await ignoreFile(options.cwd, options.ignore);
    if (options.transitive) {
      const versions = await releaseVersions(options.cwd, catalogPath, options.transitive);
      const reports: CompatReport[] = [];
      const unchecked: UncheckedRelease[] = [];
      let current: Compiled | undefined;
      for (const version of versions) {
        const result = await againstBase(options, catalogPath, version, ignore, current);
        current = result.current ?? current;
        // an old release this version of eventsmith cannot read is reported, not a reason to check none
        if ("baseUnreadable" in result && result.baseUnreadable !== undefined) unchecked.push({ version, reason: result.baseUnreadable });
        else if ("failure" in result) return { failure: result.failure };
        else reports.push(result.report);
      }
      return { report: mergeReleases(reports, unchecked, options.transitive, ignore, options) };
    }
    if (options.base === undefined) return { failure: ["--base <git-ref|path> or --transitive is required"] };
    const result = await againstBase(options, catalogPath, options.base, ignore, undefined);
    return "failure" in result ? { failure: result.failure } : { report: result.report };
  } catch (error) {
    if (error instanceof BaseError || error instanceof IgnoreFileError) return { failure: [error.message] };
    throw error;
  }
}

/** A failure; `baseUnreadable` when only the base has errors (a release can be passed over, with a note). */
type AgainstBase = { report: CompatReport; current: Compiled } | { failure: string[]; baseUnreadable?: string; current?: Compiled };

/** One comparison: the new catalog (compiled once, then reused) against one base. */
async function againstBase(options: RunCompatOptions, catalogPath: string, label: string, ignore: IgnoreFile | undefined, compiled: Compiled | undefined): Promise<AgainstBase> {
  const { cwd } = options;
  const show = (absolute: string) => relative(cwd, absolute).split(sep).join("/") || ".";
  const cache = options.cacheDir === false ? undefined : { dir: resolve(cwd, options.cacheDir ?? defaultIrCacheDir(cwd)) };
  // a git base already in the cache is not read at all: its tree hash names it
  const tree = cache ? await baseTree(cwd, label, catalogPath) : undefined;
  const cachedBase = tree === undefined ? undefined : readCached(cache, treeKey(tree), catalogPath);
  const base: BaseCatalog = cachedBase
    ? { kind: "path", label, path: catalogPath, displayPath: catalogPath, cleanup: async () => {} }
    : await readBase(cwd, label, catalogPath);
  try {
    const baseInput = cachedBase || base.kind !== "path" ? undefined : { path: base.path, key: tree === undefined ? contentKey(base.path) : treeKey(tree) };
    const [current, read] = compiled
      ? [compiled, baseInput && (await compilePair(cache, baseInput, undefined))[0]]
      : await compilePair(cache, { path: catalogPath, key: contentKey(catalogPath) }, baseInput);
    const previous = cachedBase ?? read;
    const newRoot = current.root;
    const oldRoot = base.kind === "path" && previous ? join(base.displayPath, relative(base.path, previous.root)) : newRoot;
    const broken = errorsOf(current, newRoot, "", show);
    const baseBroken = previous ? errorsOf(previous, oldRoot, `base ${label}: `, show) : [];
    if (broken.length > 0 || !current.ir) return { failure: [...broken, ...baseBroken, "compat: fix the catalog errors above first"] };
    if (baseBroken.length > 0 || (previous && !previous.ir)) {
      const failure = baseBroken.length ? [...baseBroken, "compat: fix the catalog errors above first"] : [`compat: the base catalog ${label} has errors`];
      return { failure, baseUnreadable: failure[0]!, current };
    }
    let compared: CompareResult;
    try {
      compared = compareCatalogs(previous?.ir ?? emptyCatalog(current.ir), current.ir, {
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
      });
    } catch (error) {
      if (!(error instanceof CompatInputError)) throw error;
      const where = `${show(join(error.side === "old" ? oldRoot : newRoot, error.location.file))}:${error.location.line}:${error.location.column}`;
      return { failure: [`${error.side === "old" ? `base ${label}: ` : ""}${where}: ${error.message}`] };
    }
    const located = compared.findings.map((f): CompatFinding => ({
      ...f,
      file: show(join(f.side === "new" ? newRoot : oldRoot, f.file)),
      ...(f.base ? { base: { ...f.base, file: show(join(oldRoot, f.base.file)) } } : {}),
    }));
    return { report: report(located, compared, ignore, label, base, options), current };
  } finally {
    if (base.kind === "path") await base.cleanup();
  }
}

function report(findings: CompatFinding[], compared: CompareResult, ignore: IgnoreFile | undefined, label: string, base: BaseCatalog, options: RunCompatOptions): CompatReport {
  const { kept, ignored, unused } = applyIgnores(findings, ignore);
  return {
    compatible: !kept.some((f) => f.severity === "error"),
    findings: kept,
    events: compared.events,
    ignored,
    unused,
    ...(ignore ? { ignoreFile: ignore.path } : {}),
    base: label,
    ...(base.kind === "missing" ? { baseMissing: base.where } : {}),
    policy: options.policy ?? "lenient",
    ...(options.mode ? { mode: options.mode } : {}),
  };
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
