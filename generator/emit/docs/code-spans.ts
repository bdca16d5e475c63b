/** Inline `code` spans of a description (CommonMark backtick runs), for the Markdown and HTML renderings. */

const CODE_SPAN = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/;

/** `text` with `onText` applied to the parts outside code spans and `onCode(code, fence)` to each span. */
export function mapCodeSpans(text: string, onText: (text: string) => string, onCode: (code: string, fence: string) => string): string {
  // split() with the two groups yields [text, fence, code, text, fence, code, ..., text]
  const parts = text.split(CODE_SPAN);
  let out = "";
  for (let i = 0; i < parts.length; i += 3) {
    out += onText(parts[i]!);
    if (i + 2 < parts.length) out += onCode(parts[i + 2]!, parts[i + 1]!);
  }
  return out;
}
