/**
 * `eventsmith codegen [path] [--out generated] [--check] [--watch]`: validate the catalog and
 * compile it into the SDK. Refuses to write anything while the catalog has errors.
 */
import { Command, Option } from "commander";
import { relative, resolve, sep } from "node:path";
import { generate, type GenerateOptions } from "../generate.js";
import type { ValidatorCache } from "../emit/validators/validator-cache.js";
import { CodegenSession, type GenerateResult } from "../session.js";
import { defaultCacheDir, diskValidatorCache } from "./disk-validator-cache.js";
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "./format-diagnostics.js";
import { EXIT, type CliIO } from "./io.js";
import { watchFiles } from "./watch.js";
import { checkOutput, writeOutput } from "./write-output.js";

export function codegenCommand(io: CliIO): Command {
  return new Command("codegen")
    .description("validate the catalog and compile it into a typed SDK")
    .argument("[path]", "catalog directory or file", "catalog")
    .option("--out <dir>", "output directory", "generated")
    .option("--check", "write nothing; exit 1 and list the files that are not up to date")
    .option("--watch", "rebuild whenever a catalog file or a file it references changes")
    .addOption(new Option("--format <format>", "how diagnostics are printed").choices(DIAGNOSTIC_FORMATS).default("text"))
    .option("--allow-root <dir...>", "directories outside the catalog that $refs may reach")
    .option("--allow-url <prefix...>", "URL prefixes that $refs may fetch")
    .option("--no-cache", "compile every validator even when its schema is unchanged")
    .action(async (path: string, options: CodegenOptions) => {
      if (!options.watch) {
        const generateOptions = optionsFor(io, options);
        io.exitCode = (await runCodegen(io, path, options, () => generate(resolve(io.cwd, path), generateOptions))).exitCode;
        return;
      }
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort());
      await watchCodegen(io, path, options, stop.signal);
    });
}

export interface CodegenOptions {
  out: string;
  check?: boolean;
  watch?: boolean;
  format: DiagnosticFormat;
  allowRoot?: string[];
  allowUrl?: string[];
  cache: boolean;
}

/** Builds once, then rebuilds on every change of a file the build read, until `signal` aborts. */
export async function watchCodegen(io: CliIO, path: string, options: CodegenOptions, signal: AbortSignal): Promise<void> {
  const root = resolve(io.cwd, path);
  // one session: a rebuild re-parses, re-checks, recompiles and reprints only what the edit changed
  const session = new CodegenSession(root, optionsFor(io, options));
  let queue = Promise.resolve();
  const build = () =>
    (queue = queue.then(async () => {
      const { exitCode, watchedPaths } = await runCodegen(io, path, options, () => session.build());
      io.exitCode = exitCode;
      watcher.update(root, watchedPaths);
    }));
  const out = resolve(io.cwd, options.out);
  const watcher = watchFiles((changed) => {
    if (changed === out || changed.startsWith(out + sep)) return; // the SDK's own catalog.json, written by the build
    io.stdout(`codegen: ${relative(io.cwd, changed)} changed\n`);
    void build();
  });
  // watched from the start, so an edit made while the first build runs starts another build
  watcher.update(root, []);
  await build();
  await new Promise<void>((done) => (signal.aborted ? done() : signal.addEventListener("abort", () => done(), { once: true })));
  watcher.close();
  await queue;
  session.close();
}

function optionsFor(io: CliIO, options: CodegenOptions): GenerateOptions {
  const cache: ValidatorCache | undefined = options.cache ? diskValidatorCache(defaultCacheDir(io.cwd)) : undefined;
  return {
    ...(options.allowRoot ? { allowedRoots: options.allowRoot.map((dir) => resolve(io.cwd, dir)) } : {}),
    ...(options.allowUrl ? { allowedUrls: options.allowUrl } : {}),
    ...(cache ? { validatorCache: cache } : {}),
  };
}

async function runCodegen(
  io: CliIO,
  path: string,
  options: CodegenOptions,
  build: () => Promise<GenerateResult>,
): Promise<{ exitCode: number; watchedPaths: string[] }> {
  const started = performance.now();
  let result: GenerateResult;
  try {
    result = await build();
  } catch (error) {
    io.stderr(`eventsmith codegen: ${(error as Error).message.replace(resolve(io.cwd, path), path)}\n`);
    return { exitCode: EXIT.usage, watchedPaths: [] };
  }
  const watchedPaths = result.catalog.watchedPaths;
  const printed = formatDiagnostics(result.diagnostics, { format: options.format, cwd: io.cwd, catalog: result.catalog, color: io.isTTY });
  if (printed) io.stderr(printed);
  if (!result.files) {
    io.stderr(`codegen: the catalog has errors; nothing was written\n`);
    return { exitCode: EXIT.findings, watchedPaths };
  }
  const out = resolve(io.cwd, options.out);
  const shownOut = relative(io.cwd, out) || ".";
  if (options.check) {
    const drift = await checkOutput(out, result.files);
    if (drift.changed.length === 0 && drift.stale.length === 0) {
      io.stdout(`codegen: ${shownOut} is up to date (${result.files.length} files)\n`);
      return { exitCode: EXIT.ok, watchedPaths };
    }
    for (const file of drift.changed) io.stdout(`out of date: ${shownOut}/${file}\n`);
    for (const file of drift.stale) io.stdout(`stale: ${shownOut}/${file}\n`);
    io.stdout(`codegen: ${drift.changed.length + drift.stale.length} generated files differ; run \`eventsmith codegen\`\n`);
    return { exitCode: EXIT.findings, watchedPaths };
  }
  const report = await writeOutput(out, result.files);
  const ms = Math.round(performance.now() - started);
  io.stdout(
    `codegen: ${result.ir!.events.length} events -> ${shownOut}: ${report.written.length} written, ` +
      `${report.unchanged} unchanged, ${report.removed.length} removed (${ms} ms)\n`,
  );
  return { exitCode: EXIT.ok, watchedPaths };
}
