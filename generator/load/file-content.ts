/**
 * What a catalog file must be before it is parsed: text, and not empty. An empty file, a binary
 * file (an image, an archive, a file saved in UTF-16) or a file that parses to a bare value
 * (prose, a number) would otherwise be read as "nothing" and vanish without a word.
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { isObject } from "./json-pointer.js";

/** Why `text` cannot be a catalog file, as a diagnostic at 1:1; undefined when it is text. */
export function unreadableContent(path: string, text: string): Diagnostic | undefined {
  const at = { file: path, line: 1, column: 1 };
  if (text.trim() === "") {
    return diagnostic(at, "error", "file-empty", `${path} is empty: a catalog file holds an AsyncAPI document (\`asyncapi: 3.0.0\` ...) or parts of one that documents $ref`);
  }
  // a NUL, or bytes that are not UTF-8 (decoded as U+FFFD), never occur in YAML or JSON text
  const binary = text.search(/[\u0000\uFFFD]|[\u0001-\u0008\u000E-\u001F]/u);
  if (binary !== -1) {
    return diagnostic(at, "error", "file-binary", `${path} is not a text file (binary data at character ${binary + 1}); catalog files are YAML or JSON in UTF-8`);
  }
  return undefined;
}

/** A file that parsed, but to a bare value: not YAML or JSON a catalog can use. */
export function bareValueContent(path: string, data: unknown): Diagnostic | undefined {
  if (data === undefined || isObject(data) || Array.isArray(data)) return undefined;
  const kind = data === null ? "nothing but null" : `a single ${typeof data === "string" ? "line of text" : typeof data}`;
  return diagnostic(
    { file: path, line: 1, column: 1 },
    "error",
    "file-not-yaml",
    `${path} is not a YAML or JSON mapping (it reads as ${kind}); a catalog file holds an AsyncAPI document or parts of one`,
  );
}
