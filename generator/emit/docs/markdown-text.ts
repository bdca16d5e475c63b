/**
 * Catalog text in Markdown, escaped for where it lands. Names and titles are plain text (every
 * Markdown character escaped); descriptions are CommonMark, as AsyncAPI defines them, so their
 * inline formatting, lists and code blocks are kept, but raw HTML is not (`<` becomes `&lt;`),
 * heading markers are escaped and an unclosed code fence is closed, so no description can
 * inject markup, restructure a page or swallow the rest of it. In table cells
 * `|` is escaped and line breaks become `<br>`, so no value can break a table.
 */
import { mapCodeSpans } from "./code-spans.js";

/** Plain text on one line: headings, link texts, table cells. */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;");
}

/** Text as an inline code span (safe for any content; `|` escaped for tables, which GFM allows in code). */
export function mdCode(text: string): string {
  const line = oneLine(text).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line === "" ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A description as paragraphs: its Markdown kept, raw HTML and unbalanced fences neutralised. */
export function mdProse(text: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of text.replace(/\r\n?/g, "\n").trim().split("\n")) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) fence = fence === undefined ? marker : undefined;
    // code is literal in Markdown; elsewhere `<` could open HTML, and heading markers (ATX,
    // setext) would restructure the page
    lines.push(fence === undefined && marker === undefined ? escapeOutsideCodeSpans(line).replace(/^( {0,3})(#|=+\s*$|-+\s*$)/, "$1\\$2") : line);
  }
  if (fence !== undefined) lines.push(fence);
  return lines.join("\n");
}

/** A description inside a table cell: one line, pipes escaped, paragraphs as `<br>`. */
export function mdCell(text: string): string {
  return escapeOutsideCodeSpans(text.replace(/\r\n?/g, "\n").trim())
    .replace(/\|/g, "\\|")
    .replace(/\n+/g, "<br>")
    .replace(/\u2028|\u2029/g, " ");
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function mdFence(code: string, language: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

export function mdLink(label: string, href: string): string {
  return `[${label}](${encodeURI(href)})`;
}

export function mdTable(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function escapeOutsideCodeSpans(line: string): string {
  return mapCodeSpans(line, (text) => text.replace(/</g, "&lt;"), (code, fence) => `${fence}${code}${fence}`);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}
