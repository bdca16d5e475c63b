/** JSON Pointer (RFC 6901) helpers: the address of every node in the catalog. */

// every node of the catalog is reached by pointer, so these run millions of times: plain segments skip the regexes

export function escapeSegment(segment: string): string {
  if (!segment.includes("~") && !segment.includes("/")) return segment;
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeSegment(segment: string): string {
  return segment.includes("~") ? segment.replace(/~1/g, "/").replace(/~0/g, "~") : segment;
}

/** `["channels", "a/b"]` -> `/channels/a~1b`; `[]` -> `""` (the root). */
export function formatPointer(segments: readonly (string | number)[]): string {
  let out = "";
  for (const segment of segments) out += "/" + escapeSegment(String(segment));
  return out;
}

/** Parses a pointer; returns undefined when it is not one (must be "" or start with "/"). */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  const segments = pointer.slice(1).split("/");
  return pointer.includes("~") ? segments.map(unescapeSegment) : segments;
}

export function appendPointer(pointer: string, ...segments: (string | number)[]): string {
  return pointer + formatPointer(segments);
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** Value at `segments` inside `root`, or undefined; only own properties count. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!ARRAY_INDEX.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) {
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
