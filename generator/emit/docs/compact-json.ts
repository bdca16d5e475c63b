/**
 * JSON as people lay it out by hand: indented like `JSON.stringify(value, null, 2)`, but an
 * object or array whose one-line form fits in `width` columns stays on one line. Example
 * payloads read as well and take less room on thousands of pages.
 */
export function compactJson(value: unknown, width = 80): string {
  const text = JSON.stringify(value);
  // through JSON first: what it leaves out (undefined, functions) or converts (toJSON) is settled
  return text === undefined ? "null" : print(JSON.parse(text) as unknown, "", 0, width);
}

/** `used`: columns already taken on the first line after the indent (a key). */
function print(value: unknown, indent: string, used: number, width: number): string {
  const flat = oneLine(value);
  if (typeof value !== "object" || value === null || indent.length + used + flat.length <= width) return flat;
  const inner = `${indent}  `;
  const lines = Array.isArray(value)
    ? value.map((item) => inner + print(item, inner, 0, width))
    : Object.entries(value).map(([key, v]) => `${inner}${JSON.stringify(key)}: ${print(v, inner, JSON.stringify(key).length + 2, width)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join(",\n")}\n${indent}${close}`;
}

/** `{ "a": 1, "b": [1, 2] }` */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const parts = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}: ${oneLine(v)}`);
    return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
  }
  return JSON.stringify(value);
}
