/**
 * A parsed catalog file as plain JSON: its value, and the offset of every node in walk order
 * (pointers are rebuilt from the value, so an entry is about the size of the file). What the
 * parsed-file cache stores and the parse worker posts. Only a file the fast path read cleanly
 * can be encoded: no diagnostics, every node placed, nothing JSON cannot carry.
 */
import { escapeSegment } from "../load/json-pointer.js";
import { sourceFromOffsets, type SourceFile } from "../load/yaml-source.js";

export interface EncodedFile {
  hash: string;
  data: unknown;
  offsets: number[];
}

export function encodeParsed(source: SourceFile): EncodedFile | undefined {
  const { offsets, data } = source;
  if (!offsets || source.diagnostics.length > 0 || typeof data !== "object" || data === null) return undefined;
  let nodes = 0;
  // NaN, ±Infinity and -0 do not survive JSON: such a file is parsed each time
  const fits = walk(data, undefined, (_, value) => {
    nodes++;
    return typeof value !== "number" || (Number.isFinite(value) && !Object.is(value, -0));
  });
  // fast-yaml places every node, parent first, keys in order: its offsets are already in walk order
  return fits && nodes === offsets.size ? { hash: source.hash, data, offsets: [...offsets.values()] } : undefined;
}

/** The file back, or undefined when the entry does not fit the text (another hash) or its own value. */
export function decodeParsed(path: string, text: string, hash: string, entry: EncodedFile): SourceFile | undefined {
  if (entry.hash !== hash || !Array.isArray(entry.offsets)) return undefined;
  const offsets = new Map<string, number>();
  let next = 0;
  walk(entry.data, "", (pointer) => {
    const offset = entry.offsets[next++];
    if (typeof offset === "number" && offset >= 0) offsets.set(pointer!, offset);
    return true;
  });
  return next === entry.offsets.length && offsets.size === next ? sourceFromOffsets(path, text, hash, entry.data, offsets) : undefined;
}

/** Visits every node, parent first, keys in order; pointers only when asked for (`pointer` not undefined). False stops it. */
function walk(value: unknown, pointer: string | undefined, visit: (pointer: string | undefined, value: unknown) => boolean): boolean {
  if (!visit(pointer, value)) return false;
  const at = (segment: string) => (pointer === undefined ? undefined : `${pointer}/${escapeSegment(segment)}`);
  if (Array.isArray(value)) return value.every((item, index) => walk(item, at(String(index)), visit));
  if (typeof value !== "object" || value === null) return true;
  return Object.keys(value).every((key) => walk((value as Record<string, unknown>)[key], at(key), visit));
}
