/**
 * Where a mapping value itself starts. `catalog.locate` gives a mapping value's key (the line a
 * human looks for); a diagnostic about the value (a name that clashes or breaks a rule) points
 * at the value: `name: order.create` -> the `o`.
 */
import type { SourceLocation } from "../diagnostics.js";
import type { LoadedCatalog, NodeRef } from "./types.js";

/** A key, plain or quoted, then `:` and the blanks before the value on the same line. */
const KEY_THEN_VALUE = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#][^:#\n]*?)[ \t]*:[ \t]+(?=[^\s#])/;

export function locateValue(catalog: LoadedCatalog, node: NodeRef): SourceLocation {
  const at = catalog.locate(node);
  const text = catalog.files.get(at.file)?.text;
  if (text === undefined) return at;
  const lineStart = nthLineStart(text, at.line);
  if (lineStart === undefined) return at;
  const rest = text.slice(lineStart + at.column - 1, text.indexOf("\n", lineStart) === -1 ? undefined : text.indexOf("\n", lineStart));
  const key = KEY_THEN_VALUE.exec(rest);
  return key ? { ...at, column: at.column + key[0].length } : at;
}

function nthLineStart(text: string, line: number): number | undefined {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return undefined;
    offset = next + 1;
  }
  return offset;
}
