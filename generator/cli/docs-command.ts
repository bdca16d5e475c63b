/**
 * `eventsmith docs [path] --out <dir> [--history <n>]`: build the static docs site of the
 * catalog. Examples are checked by the generated validators (shared cache with `codegen`, so a
 * build after codegen compiles nothing); `--history` adds each event's versions over the last
 * n commits that changed the catalog, with the compat verdict of every change. Refuses to
 * write anything while the catalog has errors.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidOptionsError } from "../../runtime/bus/errors.js";
import { buildDocsModel } from "../emit/docs/docs-model.js";
import { HistoryError, readHistory } from "../history/read-history.js";
import type { HistoryReport } from "../emit/docs/history/event-history.js";
import { emitDocsSite, type SiteTemplates } from "../emit/docs/site/emit-docs-site.js";
import { assignNames } from "../emit/naming.js";
import { memoryValidatorCache, type ValidatorCache } from "../emit/validators/validator-cache.js";
import type { CompileOptions } from "../pipeline.js";
import { CodegenSession } from "../session.js";
import type { CatalogIR } from "../ir/types.js";
import type { ExampleVerdicts } from "../emit/validators/example-verdicts.js";
import { defaultCacheDir, diskValidatorCache } from "./disk-validator-cache.js";
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "./format-diagnostics.js";
import { EXIT, type CliIO } from "./io.js";
import { writeOutput } from "./write-output.js";

export interface DocsOptions {
  out: string;
  history?: number;
  format: DiagnosticFormat;
  allowRoot?: string[];
  allowUrl?: string[];
  cache: boolean;
}

export function docsCommand(io: CliIO): Command {
  return new Command("docs")
    .description("build the static docs site of the catalog (HTML, no server needed)")
    .argument("[path]", "catalog directory or file", "catalog")
    .requiredOption("--out <dir>", "output directory of the site")
    .option("--history <n>", "show each event's versions over the last n commits that changed the catalog (git)", positiveInteger)
    .addOption(new Option("--format <format>", "how diagnostics are printed").choices(DIAGNOSTIC_FORMATS).default("text"))
    .option("--allow-root <dir...>", "directories outside the catalog that $refs may reach")
    .option("--allow-url <prefix...>", "URL prefixes that $refs may fetch")
    .option("--no-cache", "compile every validator even when its schema is unchanged")
    .action(async (path: string, options: DocsOptions) => {
      io.exitCode = await runDocs(io, path, options);
    });
}

export async function runDocs(io: CliIO, path: string, options: DocsOptions): Promise<number> {
  const started = performance.now();
  const target = resolve(io.cwd, path);
  if (!existsSync(target)) {
    io.stderr(`docs: ${path}: no such file or directory\n`);
    return EXIT.usage;
  }
  const compileOptions: CompileOptions = {
    ...(options.allowRoot ? { allowedRoots: options.allowRoot.map((dir) => resolve(io.cwd, dir)) } : {}),
    ...(options.allowUrl ? { allowedUrls: options.allowUrl } : {}),
  };
  const cache = options.cache ? diskValidatorCache(defaultCacheDir(io.cwd)) : memoryValidatorCache();
  const checked = await checkForDocs(io, target, compileOptions, cache, options);
  if (!checked) {
    io.stderr("docs: the catalog has errors; nothing was written\n");
    return EXIT.findings;
  }
  const { ir, verdicts } = checked;
  let history: HistoryReport | undefined;
  try {
    if (options.history !== undefined) {
      history = await readHistory(target, options.history, compileOptions);
      for (const skip of history.skipped) io.stderr(`docs: warning: --history: commit ${skip.commit.slice(0, 12)} (${skip.subject}) not compared: ${skip.problem}\n`);
    }
    const model = buildDocsModel(ir, assignNames(ir), { cache, verdicts });
    const files = emitDocsSite(model, { templates: readSiteTemplates(), ...(history ? { history } : {}) });
    const out = resolve(io.cwd, options.out);
    const report = await writeOutput(out, files);
    const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.contents), 0);
    const invalid = model.events.filter((doc) => doc.examples.some((e) => e.problems.length > 0)).map((doc) => doc.event.name);
    for (const name of invalid) io.stderr(`docs: warning: an example of ${name} does not validate (shown on its page with the problems)\n`);
    io.stdout(
      `docs: ${ir.events.length} events -> ${relative(io.cwd, out) || "."}: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB), ` +
        `${report.written.length} written, ${report.unchanged} unchanged, ${report.removed.length} removed` +
        `${history ? `, history of ${history.commits} commit${history.commits === 1 ? "" : "s"}` : ""} (${Math.round(performance.now() - started)} ms)\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof HistoryError) {
      io.stderr(`docs: ${error.message}\n`);
      return EXIT.usage;
    }
    // transport settings the catalog gives (x-eventsmith.nats / .redis) that the transports refuse
    if (error instanceof InvalidOptionsError) {
      io.stderr(`docs: ${error.message}\n`);
      return EXIT.findings;
    }
    throw error;
  }
}

/**
 * As codegen: validators first (from the cache codegen shares), so the check and the examples on
 * the pages are answered by them and no schema is compiled twice. Returns only what the pages
 * need: the parsed catalog (sources, positions) is freed before the pages are built.
 */
async function checkForDocs(
  io: CliIO,
  target: string,
  compileOptions: CompileOptions,
  cache: ValidatorCache,
  options: DocsOptions,
): Promise<{ ir: CatalogIR; verdicts: ExampleVerdicts } | undefined> {
  const session = new CodegenSession(target, { ...compileOptions, validatorCache: cache, prestartWorkers: !options.cache });
  try {
    const compiled = await session.check();
    const printed = formatDiagnostics(compiled.diagnostics, { format: options.format, cwd: io.cwd, catalog: compiled.catalog, color: io.isTTY });
    if (printed) io.stderr(printed);
    return compiled.ir ? { ir: compiled.ir, verdicts: compiled.verdicts } : undefined;
  } finally {
    session.close();
  }
}

/** `templates/docs-site/`: the page shell and the static assets, found from this file in source and in dist. */
export function readSiteTemplates(): SiteTemplates {
  const dir = templatesDir();
  const assets: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name !== "page.html") assets[name] = readFileSync(join(dir, name), "utf8");
  }
  return { page: readFileSync(join(dir, "page.html"), "utf8"), assets };
}

function templatesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "templates", "docs-site");
    if (existsSync(join(candidate, "page.html"))) return candidate;
  }
  throw new Error("docs: templates/docs-site/page.html not found next to the eventsmith package");
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("must be a positive integer");
  return Number(value);
}
