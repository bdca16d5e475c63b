/** Parsing `$ref` strings and the policy for where they may point. */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { parsePointer } from "./json-pointer.js";

export type ParsedRef =
  | { kind: "local"; pointer: string }
  | { kind: "file"; path: string; pointer: string }
  | { kind: "url"; url: string; pointer: string }
  | { kind: "invalid"; reason: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Parses `ref` as written in `fromFile` (an absolute path, or a URL for remote files).
 * File paths come back absolute; pointers come back as JSON Pointers ("" = whole file).
 */
export function parseRef(ref: string, fromFile: string): ParsedRef {
  const hash = ref.indexOf("#");
  const location = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  let pointer: string;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    return { kind: "invalid", reason: `"${ref}" has a malformed percent-encoding in its fragment` };
  }
  if (parsePointer(pointer) === undefined) {
    return { kind: "invalid", reason: `"${ref}": only JSON Pointer fragments ("#/a/b") are supported` };
  }
  const fromUrl = SCHEME.test(fromFile);
  if (location === "") return { kind: "local", pointer };
  if (SCHEME.test(location)) return { kind: "url", url: location, pointer };
  if (fromUrl) return { kind: "url", url: new URL(location, fromFile).href, pointer };
  let path: string;
  try {
    path = decodeURI(location);
  } catch {
    return { kind: "invalid", reason: `"${ref}" has a malformed percent-encoding in its path` };
  }
  return { kind: "file", path: resolve(fromFile, "..", path), pointer };
}

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
}

/** `/`-separated path relative to the root, as used in diagnostics and the IR. */
export function toCatalogPath(root: string, path: string): string {
  return relative(root, path).split(sep).join("/");
}
