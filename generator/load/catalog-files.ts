/**
 * What the files of a catalog must add up to: at least one AsyncAPI document, and no file that
 * is neither a document nor reached by a `$ref` (such a file is read for nothing: most often a
 * document whose root key is misspelt, whose events would otherwise be lost without a word).
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { isObject } from "./json-pointer.js";
import type { LoadedCatalog } from "./types.js";

/**
 * `entries` are the catalog's own files (as `SourceFile.path`); `shown` is the path the user
 * gave. A catalog given as one file has that file as its only entry.
 */
export function catalogFileFindings(catalog: LoadedCatalog, entries: readonly string[], shown: string, isDirectory: boolean): Diagnostic[] {
  const reached = new Set(catalog.refs.flatMap(({ from, to }) => (to && to.file !== from.file ? [to.file] : [])));
  const out: Diagnostic[] = [];
  for (const path of entries) {
    const source = catalog.files.get(path);
    if (!source || !isObject(source.data) || catalog.documents.includes(path) || reached.has(path)) continue;
    const at = { file: path, line: 1, column: 1 };
    const misspelt = Object.keys(source.data).find((key) => key !== "asyncapi" && key.toLowerCase().replace(/[^a-z]/g, "") === "asyncapi");
    if (misspelt !== undefined) {
      const key = catalog.locate({ file: path, pointer: `/${misspelt}` });
      out.push(diagnostic(key, "warning", "file-unreferenced", `${path} is not read as an AsyncAPI document: its root key is \`${misspelt}\`, not \`asyncapi\`, so its channels and messages are ignored`));
    } else if (isDirectory) {
      out.push(diagnostic(at, "warning", "file-unreferenced", `${path} is neither an AsyncAPI document (no top-level \`asyncapi\` key) nor reached by any $ref; nothing in it is used`));
    }
  }
  if (catalog.documents.length === 0) {
    // a file that is broken (empty, binary, bad YAML) already says why it is no document
    const broken = (path: string) => catalog.diagnostics.some((d) => d.file === path && d.severity === "error");
    if (entries.length > 0 && entries.every(broken)) return out;
    if (!isDirectory) {
      out.push(diagnostic({ file: entries[0]!, line: 1, column: 1 }, "error", "catalog-empty", `${shown} is not an AsyncAPI document: it has no top-level \`asyncapi\` key (such as \`asyncapi: 3.0.0\`)`));
    } else if (isDirectory) {
      const what = entries.length === 0 ? "no .yaml, .yml or .json file" : "no file with a top-level `asyncapi` key";
      out.push(diagnostic({ file: ".", line: 1, column: 1 }, "error", "catalog-empty", `${shown} holds no AsyncAPI document: ${what}`));
    }
  }
  return out;
}
