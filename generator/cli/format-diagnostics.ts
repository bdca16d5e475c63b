/**
 * Prints diagnostics for people (text with a code frame), for tools (JSON) and for GitHub
 * Actions (workflow annotations). Paths are shown relative to the working directory.
 */
import { isAbsolute, join, relative, sep } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { LoadedCatalog } from "../load/types.js";

export type DiagnosticFormat = "text" | "json" | "github";
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ["text", "json", "github"];

export interface FormatOptions {
  format: DiagnosticFormat;
  /** Paths are printed relative to this directory. */
  cwd: string;
  /** Where diagnostic files live (`root`) and their text (for code frames). */
  catalog: Pick<LoadedCatalog, "root" | "files">;
  /** ANSI colours (text format only). */
  color?: boolean;
}

/**
 * The whole report. Text: each diagnostic with its code frame, then a summary line (empty
 * string when there is nothing to report). JSON: always one line, even when empty.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const shown = diagnostics.map((d) => ({ ...d, file: displayPath(d.file, options) }));
  switch (options.format) {
    case "json":
      return `${JSON.stringify({ diagnostics: shown.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message })) })}\n`;
    case "github":
      return shown.map(githubAnnotation).join("");
    case "text":
      return formatText(diagnostics, shown, options);
  }
}

function displayPath(file: string, { cwd, catalog }: FormatOptions): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return file; // a remote file: its URL
  const path = relative(cwd, join(catalog.root, file));
  return (isAbsolute(path) ? path : path.split(sep).join("/")) || ".";
}

function formatText(original: readonly Diagnostic[], shown: readonly Diagnostic[], options: FormatOptions): string {
  if (shown.length === 0) return "";
  const paint = options.color ? ansi : plain;
  let out = "";
  shown.forEach((d, index) => {
    const severity = d.severity === "error" ? paint.red("error") : paint.yellow("warning");
    out += `${paint.bold(`${d.file}:${d.line}:${d.column}`)} ${severity} ${paint.dim(d.code)} ${d.message}\n`;
    const text = options.catalog.files.get(original[index]!.file)?.text;
    // a binary or empty file has no line worth showing
    if (text !== undefined && d.code !== "file-binary" && d.code !== "file-empty") out += `${codeFrame(text, d.line, d.column, paint)}\n`;
  });
  const errors = shown.filter((d) => d.severity === "error").length;
  const warnings = shown.length - errors;
  const summary = `${count(errors, "error")} and ${count(warnings, "warning")}`;
  return `${out}${errors > 0 ? paint.red(summary) : paint.yellow(summary)}\n`;
}

/** The line of the problem with one line of context each side, and a caret under the column. */
function codeFrame(text: string, line: number, column: number, paint: Paint): string {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return "";
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  let out = "";
  for (let n = first; n <= last; n++) {
    // control characters would drive the terminal, not show the line
    const source = lines[n - 1]!.replace(/\t/g, "  ").replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "\uFFFD");
    const gutter = `${n === line ? ">" : " "} ${String(n).padStart(width)} |`;
    out += `${n === line ? paint.bold(gutter) : paint.dim(gutter)}${source === "" ? "" : ` ${source}`}\n`;
    if (n === line) {
      const indent = lines[n - 1]!.slice(0, column - 1).replace(/\t/g, "  ").replace(/[^ ]/g, " ");
      out += `${paint.dim(`  ${" ".repeat(width)} |`)} ${indent}${paint.red("^")}\n`;
    }
  }
  return out;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `::error file=…,line=…,col=…,title=<code>::<message>`, escaped as GitHub's toolkit does. */
function githubAnnotation(d: Diagnostic): string {
  const property = (value: string) => escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return `::${d.severity} file=${property(d.file)},line=${d.line},col=${d.column},title=${property(d.code)}::${escapeData(d.message)}\n`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const plain: Paint = { red: (t) => t, yellow: (t) => t, bold: (t) => t, dim: (t) => t };
const ansi: Paint = {
  red: (t) => `\u001b[31m${t}\u001b[39m`,
  yellow: (t) => `\u001b[33m${t}\u001b[39m`,
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
};
