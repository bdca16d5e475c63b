/**
 * HTML built safely by construction: `html` escapes every interpolated value unless it is
 * already `Html` (built by `html` itself), so catalog text can never become markup. Values in
 * attribute position (after `="`) get quotes escaped as well; templates quote every attribute.
 */
import { mapCodeSpans } from "../code-spans.js";

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for element content and (quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Text between tags needs only `&` and `<` (and `>` for symmetry) escaped: quotes stay readable and small. */
function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c]!);
}

/** Inside a double-quoted attribute value (`name="…${x}`), quotes must be escaped too. */
const IN_ATTRIBUTE = /="[^"]*$/;

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i], IN_ATTRIBUTE.test(strings[i]!) ? escapeHtml : escapeText) + strings[i + 1]!;
  return new Html(out);
}

function render(value: unknown, escape: (text: string) => string): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((item) => render(item, escape)).join("");
  if (value === undefined || value === null || value === false) return "";
  return escape(String(value));
}

/**
 * A description as HTML: paragraphs at blank lines, `inline code` spans kept; everything else
 * is text (no links, no raw HTML), which is all the formatting catalog descriptions need.
 */
export function prose(text: string): Html {
  const paragraphs = text.replace(/\r\n?/g, "\n").trim().split(/\n\s*\n/);
  return new Html(paragraphs.map((p) => `<p>${inlineCode(p)}</p>`).join("\n"));
}

/** One line of text with `code` spans, e.g. for table cells. */
export function inlineText(text: string): Html {
  return new Html(inlineCode(text.replace(/\r\n?/g, "\n").trim()));
}

function inlineCode(text: string): string {
  return mapCodeSpans(text, escapeText, (code) => `<code>${escapeText(code)}</code>`);
}
