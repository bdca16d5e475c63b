/**
 * `eventsmith validate [path] [--format text|json|github]`: load and check the catalog, print
 * every diagnostic. Exit 0 when there is no error (warnings allowed), 1 on any error, 2 when
 * the catalog cannot be checked at all (missing path, tool failure).
 */
import { Command, Option } from "commander";
import { relative, resolve } from "node:path";
import { hasErrors } from "../diagnostics.js";
import { compileCatalog, type CompileOptions, type CompileResult } from "../pipeline.js";
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "./format-diagnostics.js";
import { EXIT, type CliIO } from "./io.js";

interface ValidateOptions {
  format: DiagnosticFormat;
  allowRoot?: string[];
  allowUrl?: string[];
}

export function validateCommand(io: CliIO): Command {
  return new Command("validate")
    .description("check the catalog against the AsyncAPI schema and eventsmith's rules")
    .argument("[path]", "catalog directory or file", "catalog")
    .addOption(new Option("--format <format>", "how diagnostics are printed").choices(DIAGNOSTIC_FORMATS).default("text"))
    .option("--allow-root <dir...>", "directories outside the catalog that $refs may reach")
    .option("--allow-url <prefix...>", "URL prefixes that $refs may fetch")
    .action(async (path: string, options: ValidateOptions) => {
      io.exitCode = await runValidate(io, path, options);
    });
}

async function runValidate(io: CliIO, path: string, options: ValidateOptions): Promise<number> {
  const target = resolve(io.cwd, path);
  const compileOptions: CompileOptions = {
    ...(options.allowRoot ? { allowedRoots: options.allowRoot.map((dir) => resolve(io.cwd, dir)) } : {}),
    ...(options.allowUrl ? { allowedUrls: options.allowUrl } : {}),
  };
  let result: CompileResult;
  try {
    result = await compileCatalog(target, compileOptions);
  } catch (error) {
    io.stderr(`eventsmith validate: ${(error as Error).message.replace(target, path)}\n`);
    return EXIT.usage;
  }
  const report = formatDiagnostics(result.diagnostics, { format: options.format, cwd: io.cwd, catalog: result.catalog, color: io.isTTY });
  if (report !== "") io.stdout(report);
  else if (options.format === "text") io.stdout(`${relative(io.cwd, target) || "."}: no problems\n`);
  return hasErrors(result.diagnostics) ? EXIT.findings : EXIT.ok;
}
