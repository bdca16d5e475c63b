/**
 * A fast path for the common catalog file: js-yaml (~10x faster than the `yaml` package) reads
 * the values, and the nodes it composes give the same source positions `yaml-source` takes
 * from yaml's syntax tree. It answers only when the answer is certainly what `yaml` would give:
 *
 * - plain scalars resolve with the `yaml` package's own YAML 1.2 core tests and constructors;
 * - anything else (anchors and aliases, explicit tags, directives, non-string keys, keys without
 *   a value, a BOM, bare CR line breaks) and anything js-yaml refuses (syntax errors, duplicate
 *   keys) gives `undefined`, and the caller parses with `yaml`, which reports errors as it always did;
 * - so do the few things js-yaml accepts and `yaml` reports: a comment glued to a closing quote or
 *   bracket, an implicit key longer than 1024 characters (any line over 1000 here), a quoted
 *   scalar or flow collection running over several lines inside a block collection (`yaml`
 *   wants those lines indented past the block's);
 * - the node positions must line up with the values, key by key and item by item, or again
 *   `undefined`.
 *
 * test/load/fast-yaml.test.ts compares both parsers on every YAML file of the repository, the
 * AsyncAPI corpus and a set of malformed documents.
 */
import jsyaml from "js-yaml";
import { Scalar, Schema } from "yaml";
import { escapeSegment } from "./json-pointer.js";

export interface FastParse {
  data: unknown;
  /** Offset of every node, by JSON Pointer; a mapping value's is its key's (as in yaml-source). */
  offsets: Map<string, number>;
}

/** A node js-yaml composed: where it starts, what it became, and the nodes composed inside it. */
interface Frame {
  start: number;
  end: number;
  kind: "scalar" | "sequence" | "mapping" | null;
  result: unknown;
  children: Frame[];
}

/** js-yaml with YAML 1.2 core scalars exactly as `yaml` resolves them (its int accepts `1_000`, `0b1`...). */
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: (new Schema({ schema: "core" }).tags as Array<{ default?: unknown; test?: RegExp; resolve?: (...args: never[]) => unknown; collection?: string }>)
    .filter((tag) => tag.default === true && tag.test !== undefined && tag.collection === undefined)
    .map(
      (tag, index) =>
        // a tag name no document uses: an explicit `!!int` is unknown here, so `yaml` reads it
        new jsyaml.Type(`tag:eventsmith.invalid,2026:core-${index}`, {
          kind: "scalar",
          resolve: (text) => text !== null && tag.test!.test(text),
          construct: (text) => {
            const value = (tag.resolve as (text: string, onError: () => void, options: { intAsBigInt: boolean }) => unknown)(text, () => {}, { intAsBigInt: false });
            return value instanceof Scalar ? value.value : value;
          },
        }),
    ),
});
const OWN_TAGS = "tag:eventsmith.invalid,2026:";

/** Text `yaml` reads differently or refuses while js-yaml does not (see above). */
function leftToYaml(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || /\r(?!\n)|^%/m.test(text)) return true;
  for (let start = 0, end = text.indexOf("\n"); ; start = end + 1, end = text.indexOf("\n", start)) {
    if ((end === -1 ? text.length : end) - start >= 1000) return true;
    if (end === -1) return false;
  }
}

export function fastParse(text: string): FastParse | undefined {
  if (leftToYaml(text)) return undefined;
  const top: Frame = { start: 0, end: text.length, kind: null, result: undefined, children: [] };
  const open: Frame[] = [top];
  let plain = true;
  let data: unknown;
  try {
    data = jsyaml.load(text, {
      schema: SCHEMA,
      listener(event, state) {
        if (event === "open") {
          open.push({ start: state.position, end: state.position, kind: null, result: undefined, children: [] });
          return;
        }
        const frame = open.pop()!;
        frame.end = state.position;
        frame.kind = state.kind;
        frame.result = state.result;
        if (state.anchor !== null || (state.tag !== null && state.tag !== "?" && !state.tag.startsWith(OWN_TAGS))) plain = false;
        if (text[state.position] === "#" && "\"']}".includes(text[state.position - 1]!)) plain = false; // a glued comment
        open.at(-1)!.children.push(frame);
      },
    });
  } catch {
    return undefined; // not ours to explain: `yaml` reports it
  }
  if (!plain || data === undefined || data === null || top.children.length !== 1) return undefined;
  const offsets = new Map<string, number>([["", 0]]);
  return lineUp(top.children[0]!, data, "", offsets, text, undefined) ? { data, offsets } : undefined;
}

/**
 * Records the offsets below `frame`; false when its nodes do not match `value` one to one, or
 * when `yaml` would read it differently. `blockIndent`: the column of the key or `-` of the
 * block collection entry the node is the value of (undefined in a flow collection or at the top).
 */
function lineUp(frame: Frame, value: unknown, pointer: string, offsets: Map<string, number>, text: string, blockIndent: number | undefined): boolean {
  const start = contentStart(text, frame.start, frame.end);
  const first = start < frame.end ? text[start]! : ""; // "": an empty node
  const flow = first !== "" && "[{\"'".includes(first);
  // yaml ends a quoted scalar or flow collection at a line not indented past its block entry
  if (flow && blockIndent !== undefined && !indentedPast(text, start, frame.end, blockIndent)) return false;
  if (typeof value !== "object" || value === null) return frame.kind === "scalar" || frame.kind === null;
  // a flow collection where a block mapping could start is read as a would-be key first: one more node around it
  while (frame.children.length === 1 && frame.children[0]!.result === value && frame.result === value) frame = frame.children[0]!;
  if (frame.result !== value) return false;
  if (Array.isArray(value)) {
    if (frame.kind !== "sequence" || frame.children.length !== value.length) return false;
    return value.every((item, index) => {
      const at = `${pointer}/${index}`;
      const itemStart = frame.children[index]!.start;
      offsets.set(at, itemStart);
      return lineUp(frame.children[index]!, item, at, offsets, text, flow ? undefined : dashColumn(text, itemStart));
    });
  }
  if (frame.kind !== "mapping") return false;
  const keys = Object.keys(value);
  // a block mapping ends by trying one more key, which composes nothing
  const last = frame.children.at(-1);
  const pairs = frame.children.length === keys.length * 2 + 1 && last?.kind === null && last.result === null ? frame.children.slice(0, -1) : frame.children;
  if (pairs.length !== keys.length * 2) return false;
  return keys.every((key, index) => {
    const keyFrame = pairs[2 * index]!;
    // a key written as a string, starting where the frame does (not an explicit `? key`)
    if (keyFrame.result !== key || keyFrame.kind !== "scalar" || /[\s?]/.test(text[keyFrame.start] ?? " ")) return false;
    const at = `${pointer}/${escapeSegment(key)}`;
    offsets.set(at, keyFrame.start);
    return lineUp(pairs[2 * index + 1]!, (value as Record<string, unknown>)[key], at, offsets, text, flow ? undefined : column(text, keyFrame.start));
  });
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** The column of the `-` before a block sequence item (if there is none, nothing counts as indented past it). */
function dashColumn(text: string, itemStart: number): number {
  let at = itemStart - 1;
  while (at >= 0 && (text[at] === " " || text[at] === "\t" || text[at] === "\n" || text[at] === "\r")) at--;
  return text[at] === "-" ? column(text, at) : Number.MAX_SAFE_INTEGER;
}

/** Whether every line of `text` from `start` to `end` after the first, blank ones aside, is indented past `indent`. */
function indentedPast(text: string, start: number, end: number, indent: number): boolean {
  for (let nl = text.indexOf("\n", start); nl !== -1 && nl < end; nl = text.indexOf("\n", nl + 1)) {
    let at = nl + 1;
    while (text[at] === " ") at++;
    if (at < end && text[at] !== "\n" && text[at] !== "\r" && at - nl - 1 <= indent) return false;
  }
  return true;
}

/** Where a node's content starts: a value's node opens before the spaces and comments ahead of it. */
function contentStart(text: string, start: number, end: number): number {
  let at = start;
  while (at < end) {
    const char = text[at]!;
    if (char === "#") at = text.indexOf("\n", at) === -1 ? end : text.indexOf("\n", at);
    else if (char === " " || char === "\t" || char === "\r" || char === "\n") at++;
    else break;
  }
  return at;
}
