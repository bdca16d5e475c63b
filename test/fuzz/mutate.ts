/**
 * Seeded mutations of a catalog file: on its parsed value (delete, duplicate, retype and rename
 * nodes; break and loop `$ref`s; unicode, huge numbers, deep nesting, long strings) or on its
 * text (truncate it, insert a character YAML cares about, swap two lines). The same seed gives
 * the same mutant.
 */
import { parse, stringify } from "yaml";
import { mulberry32 } from "../../bench/synthetic-catalog.js";

export type Random = () => number;

/** The seeded generator the synthetic bench catalogs use (mulberry32): the same sequence on every platform. */
export const random: (seed: number) => Random = mulberry32;

const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

type Path = Array<string | number>;
type Json = unknown;

const OTHER_VALUES: Json[] = [null, 0, -1, 1.5, true, "text", [], {}, [1, "a"], { $ref: "#/" }];
const UNICODE = ["ünïcødé", "💥🚀", "\u202eevil", "名前", "a\u0301", "\u2028line", "\ud83d", "\u0007bell", "zero\u200bwidth"];
const HUGE = [1e308, -1e308, 2 ** 53 + 1, 5e-324, 123456789012345678901234567890, -0];
const BAD_REFS = ["#/components/nope", "./missing.yaml#/X", "#/%%%", "https://example.com/x.yaml", "", "#", "../outside.yaml", "#/components/messages/~2"];
const TEXT_CHARS = ["[", "{", '"', "'", ":", "\t", "- ", "&a ", "*a ", "!!str ", "#", "\n  ", "\u0000", "%"];

export const MUTATIONS = [
  "delete", "duplicate", "retype", "rename", "break-ref", "loop-ref", "unicode", "huge-number", "deep-nesting", "long-string",
  "truncate", "insert-char", "swap-lines",
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface Mutant {
  mutation: Mutation;
  /** Where, for the report: a JSON Pointer or a text offset. */
  at: string;
  text: string;
}

/** One mutant of `text` (a YAML or JSON file at `pointerPrefix`-less root). */
export function mutate(text: string, rnd: Random): Mutant {
  const mutation = pick(rnd, MUTATIONS);
  if (mutation === "truncate" || mutation === "insert-char" || mutation === "swap-lines") return mutateText(text, mutation, rnd);
  let data: Json;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch {
    return mutateText(text, "insert-char", rnd);
  }
  const paths = allPaths(data);
  const path = paths.length > 1 ? pick(rnd, paths.slice(1)) : [];
  const at = "/" + path.join("/");
  const set = (value: Json) => (data = setAt(data, path, value));
  const current = getAt(data, path);
  switch (mutation) {
    case "delete":
      data = removeAt(data, path);
      break;
    case "duplicate": {
      const parent = getAt(data, path.slice(0, -1));
      const last = path.at(-1);
      if (Array.isArray(parent)) parent.push(structuredClone(current));
      else if (isObject(parent) && last !== undefined) parent[`${String(last)}${pick(rnd, ["", "Copy", "2"])}${rnd() < 0.5 ? "" : "x"}`] = structuredClone(current);
      break;
    }
    case "retype":
      set(structuredClone(pick(rnd, OTHER_VALUES.filter((v) => typeof v !== typeof current))));
      break;
    case "rename": {
      const parent = getAt(data, path.slice(0, -1));
      const last = path.at(-1);
      if (isObject(parent) && typeof last === "string") {
        const renamed = pick(rnd, [last.toUpperCase(), last.slice(1), `${last}s`, `${last}${pick(rnd, UNICODE)}`, last.split("").reverse().join(""), "$ref", "__proto__", "asyncApi"]);
        const entries = Object.entries(parent).map(([k, v]) => [k === last ? renamed : k, v] as const);
        data = setAt(data, path.slice(0, -1), Object.fromEntries(entries));
      }
      break;
    }
    case "break-ref":
    case "loop-ref": {
      const refs = paths.filter((p) => p.at(-1) === "$ref");
      const target = refs.length > 0 ? pick(rnd, refs) : [...path, "$ref"];
      const holder = target.slice(0, -1);
      const value = mutation === "break-ref" ? pick(rnd, BAD_REFS) : `#/${(rnd() < 0.5 ? holder : holder.slice(0, -1)).map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
      data = setAt(data, target, value);
      return { mutation, at: "/" + target.join("/"), text: stringify(data) };
    }
    case "unicode":
      if (typeof current === "string") set(`${current}${pick(rnd, UNICODE)}`);
      else set(pick(rnd, UNICODE));
      break;
    case "huge-number":
      set(pick(rnd, HUGE));
      break;
    case "deep-nesting": {
      const depth = 50 + Math.floor(rnd() * 450);
      set(nested(pick(rnd, NESTINGS), depth));
      // JSON is YAML 1.2, and prints nesting this deep without recursing as far as yaml's printer
      return { mutation, at, text: JSON.stringify(data, null, 1) };
    }
    case "long-string":
      set("x".repeat(1000 + Math.floor(rnd() * 200_000)));
      break;
  }
  return { mutation, at, text: stringify(data === undefined ? null : data, { aliasDuplicateObjects: false }) };
}

const NESTINGS = ["object", "array", "allOf", "properties"] as const;

/** A string schema under `depth` levels of `kind`: what the deep-nesting mutation puts in place of a node. */
export function nested(kind: (typeof NESTINGS)[number], depth: number): Json {
  let value: Json = { type: "string" };
  for (let i = 0; i < depth; i++) {
    value = kind === "object" ? { a: value } : kind === "array" ? [value] : kind === "allOf" ? { allOf: [value] } : { type: "object", properties: { x: value } };
  }
  return value;
}

function mutateText(text: string, mutation: "truncate" | "insert-char" | "swap-lines", rnd: Random): Mutant {
  const offset = Math.floor(rnd() * (text.length + 1));
  if (mutation === "truncate") return { mutation, at: `@${offset}`, text: text.slice(0, offset) };
  if (mutation === "insert-char") return { mutation, at: `@${offset}`, text: text.slice(0, offset) + pick(rnd, TEXT_CHARS) + text.slice(offset) };
  const lines = text.split("\n");
  const a = Math.floor(rnd() * lines.length);
  const b = Math.floor(rnd() * lines.length);
  [lines[a], lines[b]] = [lines[b]!, lines[a]!];
  return { mutation, at: `lines ${a + 1},${b + 1}`, text: lines.join("\n") };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function allPaths(value: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => allPaths(item, [...path, i], out));
  else if (isObject(value)) for (const [key, child] of Object.entries(value)) allPaths(child, [...path, key], out);
  return out;
}

function getAt(value: Json, path: Path): Json {
  let current = value;
  for (const segment of path) current = Array.isArray(current) || isObject(current) ? (current as Record<string, Json>)[segment] : undefined;
  return current;
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  const last = path.at(-1)!;
  if (Array.isArray(parent) && typeof last === "number") parent[last] = value;
  else if (isObject(parent)) Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function removeAt(root: Json, path: Path): Json {
  const parent = getAt(root, path.slice(0, -1));
  const last = path.at(-1);
  if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
  else if (isObject(parent) && last !== undefined) delete parent[last];
  return root;
}
