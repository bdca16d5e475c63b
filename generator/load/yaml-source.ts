/**
 * One catalog file parsed as YAML 1.2 (JSON is a subset), keeping a source position for every
 * node. Values come from the `yaml` package (aliases bounded, `__proto__` kept as an own key,
 * never as a prototype); positions come from one walk over its syntax tree. A plain file (no
 * anchors, tags or errors: nearly all of them) takes the ~10x faster `fast-yaml` path, with the
 * same values and positions.
 */
import { createHash } from "node:crypto";
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { diagnostic, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import { fastParse } from "./fast-yaml.js";
import { escapeSegment } from "./json-pointer.js";
import { yamlProblems } from "./yaml-errors.js";

/** Aliases a file may expand before it is refused as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface SourceFile {
  /** Path relative to the catalog root (`/`-separated), or the URL of a remote file. */
  path: string;
  text: string;
  /** sha256 of the text, for caches and change detection. */
  hash: string;
  /** The parsed value; undefined when the file could not be parsed. */
  data: unknown;
  diagnostics: Diagnostic[];
  /**
   * Location of the node at `pointer`. For a mapping value this is its key (the line a
   * human looks for); the nearest existing ancestor when the node does not exist.
   */
  locate(pointer: string): SourceLocation;
  /**
   * Answers about this file computed on first use by the loader (values at pointers, its
   * `$ref`s). The file never changes, so they hold for as long as the file is kept (a session).
   */
  readonly memo: SourceMemo;
}

export interface SourceMemo {
  values?: Map<string, unknown>;
  refs?: Array<{ pointer: string; ref: unknown }>;
}

export function parseYamlSource(path: string, text: string, hash = sha256(text)): SourceFile {
  const fast = fastParse(text);
  if (!fast) return parseWithYaml(path, text, hash);
  const at = lineAndColumn(path, text);
  return { path, text, hash, data: fast.data, diagnostics: [], locate: remembered((pointer) => nearest(fast.offsets, pointer, at)), memo: {} };
}

/** The general path: any YAML, every error reported. */
export function parseWithYaml(path: string, text: string, hash = sha256(text)): SourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const problem of yamlProblems(text, doc.errors)) {
    const message = problem.code === "yaml-duplicate-key" ? duplicateKeyMessage(text, problem.offset) : problem.message;
    diagnostics.push(diagnostic(at(problem.offset), "error", problem.code, message));
  }

  let data: unknown;
  if (diagnostics.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      const alias = firstAliasOffset(doc.contents);
      diagnostics.push(
        diagnostic(
          at(alias ?? 0),
          "error",
          "yaml-alias-limit",
          `aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT} alias uses): refusing a possible alias bomb`,
        ),
      );
    }
  }

  let table: Map<string, number> | undefined;
  const locate = (pointer: string): SourceLocation => nearest((table ??= buildOffsetTable(doc.contents)), pointer, at);
  return { path, text, hash, data, diagnostics, locate: remembered(locate), memo: {} };
}

/** Each location once per file: the IR locates every node, and a session locates unchanged files again. Never modified. */
function remembered(locate: (pointer: string) => SourceLocation): (pointer: string) => SourceLocation {
  const found = new Map<string, SourceLocation>();
  return (pointer) => {
    let location = found.get(pointer);
    if (!location) found.set(pointer, (location = locate(pointer)));
    return location;
  };
}

/** The location of the node at `pointer`, or of its nearest ancestor in the table. */
function nearest(table: ReadonlyMap<string, number>, pointer: string, at: (offset: number) => SourceLocation): SourceLocation {
  for (let key = pointer; ; key = key.slice(0, key.lastIndexOf("/"))) {
    const offset = table.get(key);
    if (offset !== undefined) return at(offset);
    if (key === "") return at(0);
  }
}

/** Offset -> 1-based line and column, as yaml's LineCounter counts them (lines end at `\n`). */
function lineAndColumn(path: string, text: string): (offset: number) => SourceLocation {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: path, line: low + 1, column: offset - starts[low]! + 1 };
  };
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Pointer -> offset of every node; mapping values map to their key's offset. */
function buildOffsetTable(root: Node | null): Map<string, number> {
  const table = new Map<string, number>();
  const visit = (node: unknown, pointer: string, offset: number | undefined) => {
    const start = offset ?? rangeStart(node);
    if (start !== undefined) table.set(pointer, start);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        visit(pair.value, `${pointer}/${escapeSegment(key)}`, rangeStart(pair.key));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, `${pointer}/${index}`, undefined));
    }
  };
  visit(root, "", 0);
  return table;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function firstAliasOffset(root: Node | null): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown) => {
    if (found !== undefined || node === null || node === undefined) return;
    if (isAlias(node)) found = rangeStart(node);
    else if (isMap(node)) node.items.forEach((pair) => visit(pair.value));
    else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(root);
  return found;
}

function duplicateKeyMessage(text: string, offset: number): string {
  const key = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^:#\n]*?))\s*:/.exec(text.slice(offset));
  const name = key?.[1] ?? key?.[2] ?? key?.[3];
  return name ? `duplicate key "${name}": mapping keys must be unique` : "duplicate key: mapping keys must be unique";
}
