/**
 * `eventsmith compat [catalog] (--base <git-ref | path> | --transitive [--tags <glob> | --history <n>])
 * [--mode backward|forward|full]
 * [--policy lenient|strict] [--format text|json|github|junit|sarif|markdown] [--ignore <file>]`
 *
 * Exit 0 when compatible, 1 on any breaking finding, 2 on usage or tool error.
 */
import { Command, Option } from "commander";
import type { CheckMode, CompatPolicy } from "../compat/compare-catalogs.js";
import { formatJson, notes, type CompatFormat, type CompatReport } from "../compat/report/report.js";
import { formatGithub } from "../compat/report/report-github.js";
import { formatJunit } from "../compat/report/report-junit.js";
import { formatMarkdown } from "../compat/report/report-markdown.js";
import { formatSarif } from "../compat/report/report-sarif.js";
import { formatText } from "../compat/report/report-text.js";
import { DEFAULT_RELEASE_TAGS, type ReleaseSelection } from "../compat/release-versions.js";
import { runCompat } from "../compat/run-compat.js";
import { EXIT, type CliIO } from "./io.js";

interface CompatOptions {
  base?: string;
  transitive?: boolean;
  tags?: string;
  history?: string;
  cache: boolean;
  mode?: CheckMode;
  policy: CompatPolicy;
  format: CompatFormat;
  ignore?: string;
}

const FORMATTERS: Record<CompatFormat, (report: CompatReport) => string> = {
  text: formatText,
  json: formatJson,
  github: formatGithub,
  junit: formatJunit,
  sarif: formatSarif,
  markdown: formatMarkdown,
};

export function compatCommand(io: CliIO): Command {
  return new Command("compat")
    .description("check that the catalog does not break producers or consumers of the base catalog")
    .argument("[catalog]", "catalog directory or file", "catalog")
    .option("--base <git-ref|path>", "the catalog to compare with: a git revision (e.g. origin/main) or a directory or file")
    .option("--transitive", "check against every released version instead of one base: git tags (--tags) or recent commits (--history)")
    .option("--tags <glob>", `with --transitive: the git tags that are releases (default ${DEFAULT_RELEASE_TAGS})`)
    .option("--history <n>", "with --transitive: the last n commits that touched the catalog, instead of tags")
    .addOption(new Option("--mode <mode>", "compatibility asked of every event (default: x-compat-mode, else the catalog's compat.mode)").choices(["backward", "forward", "full"]))
    .addOption(new Option("--policy <policy>", "lenient: undeclared properties of an open object count as absent; strict: exact set inclusion").choices(["lenient", "strict"]).default("lenient"))
    .addOption(new Option("--format <format>", "output format").choices(Object.keys(FORMATTERS)).default("text"))
    .option("--no-cache", "compile both catalogs even when node_modules/.cache/eventsmith/compat holds them")
    .option("--ignore <file>", "accepted breaking changes by fingerprint (default: .eventsmith-compat-ignore.yaml if present)")
    .action(async (catalog: string, options: CompatOptions) => {
      const selection = releaseSelection(options);
      if (typeof selection === "string") {
        io.stderr(`eventsmith compat: ${selection}\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      const result = await runCompat({
        cwd: io.cwd,
        catalog,
        ...(options.base !== undefined ? { base: options.base } : {}),
        ...(selection ? { transitive: selection } : {}),
        ...(options.cache ? {} : { cacheDir: false as const }),
        policy: options.policy,
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.ignore !== undefined ? { ignore: options.ignore } : {}),
      });
      if ("failure" in result) {
        for (const line of result.failure) io.stderr(`eventsmith compat: ${line}\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      const { report } = result;
      io.stdout(FORMATTERS[options.format](report));
      // machine formats keep stdout clean: notes (no base catalog, unused ignores) also go to stderr
      if (options.format === "json" || options.format === "sarif") for (const note of notes(report)) io.stderr(`eventsmith compat: ${note}\n`);
      io.exitCode = report.compatible ? EXIT.ok : EXIT.findings;
    });
}

/** The releases `--transitive` asks for, undefined without it, or what is wrong with the options. */
function releaseSelection(options: CompatOptions): ReleaseSelection | undefined | string {
  if (!options.transitive) {
    if (options.tags !== undefined || options.history !== undefined) return "--tags and --history go with --transitive";
    return options.base === undefined ? "either --base <git-ref|path> or --transitive is required" : undefined;
  }
  if (options.base !== undefined) return "--base and --transitive exclude each other: --transitive checks every released version";
  if (options.tags !== undefined && options.history !== undefined) return "--tags and --history exclude each other";
  if (options.history === undefined) return { tags: options.tags ?? DEFAULT_RELEASE_TAGS };
  const history = Number(options.history);
  if (!Number.isInteger(history) || history < 1) return `--history must be a positive whole number of commits (got ${options.history})`;
  return { history };
}
