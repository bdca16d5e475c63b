/** Which schema applies to which key of an object alternative (properties, patterns, additional). */
import { conjoin, subOf, synthetic, type Sub } from "./cursor.js";
import type { ObjectAlt, ObjectPart } from "./norm.js";

const regexCache = new Map<string, RegExp | null>();

/** The pattern as ajv compiles it (unicode); null when it is not a valid expression. */
function compilePattern(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, "u");
    } catch {
      re = null;
    }
    regexCache.set(source, re);
  }
  return re;
}

export function matchesPattern(source: string, text: string): boolean {
  return compilePattern(source)?.test(text) ?? false;
}

/** What one part says about `key`; undefined when it says nothing (any value). */
function partSchema(part: ObjectPart, key: string): Sub | undefined {
  const subs: Sub[] = [];
  const own = part.properties.get(key);
  if (own) subs.push(own);
  for (const pattern of part.patterns) if (matchesPattern(pattern.source, key)) subs.push(pattern.sub);
  if (subs.length === 0 && part.additional) subs.push(part.additional);
  return subs.length ? conjoin(...subs) : undefined;
}

/** The schema a value under `key` must match; undefined when unconstrained. */
export function schemaFor(alt: ObjectAlt, key: string): Sub | undefined {
  const subs = alt.parts.flatMap((part) => partSchema(part, key) ?? []);
  return subs.length ? conjoin(...subs) : undefined;
}

/** Keys named in `properties` of any part, sorted. */
export function declaredKeys(alt: ObjectAlt): string[] {
  return [...new Set(alt.parts.flatMap((p) => [...p.properties.keys()]))].sort();
}

/** The schema for keys declared nowhere and matching no pattern; undefined when unconstrained. */
export function restSchema(alt: ObjectAlt): Sub | undefined {
  const subs = alt.parts.flatMap((p) => p.additional ?? []);
  return subs.length ? conjoin(...subs) : undefined;
}

export function hasPatterns(alt: ObjectAlt): boolean {
  return alt.parts.some((p) => p.patterns.length > 0);
}

/**
 * The `lenient` reading of a producer's object: when no part says anything about undeclared
 * keys, the producer sends only declared ones (those in `properties` or matching a pattern).
 * An object declaring no key at all is a free-form map, not a record: it is left open.
 */
export function closeUndeclared(alt: ObjectAlt): ObjectAlt {
  // a free-form object (no properties, no patterns) declares no keys to keep to: it stays open
  if (alt.parts.some((p) => p.additional) || !alt.parts.some((p) => p.properties.size > 0 || p.patterns.length > 0)) return alt;
  const origin = alt.origin;
  const allow = (segments: string[], data: string) => subOf(synthetic(origin, "declared", true, segments, data));
  const closing: ObjectPart = {
    origin,
    properties: new Map(declaredKeys(alt).map((key) => [key, allow(["properties", key], `/${key}`)])),
    patterns: alt.parts.flatMap((p) => p.patterns.map((q) => ({ source: q.source, sub: allow(["patternProperties", q.source], "/*") }))),
    additional: subOf(synthetic(origin, "closed", false, ["additionalProperties"], "/*")),
  };
  return { ...alt, parts: [...alt.parts, closing] };
}

/**
 * Whether no key can match both patterns. Decided only for anchored literal prefixes
 * (`^a_`, `^b_`) that differ; anything else may overlap.
 */
export function patternsDisjoint(p: string, q: string): boolean {
  const a = literalPrefix(p);
  const b = literalPrefix(q);
  if (a === undefined || b === undefined) return false;
  return !a.startsWith(b) && !b.startsWith(a);
}

/** The text every match of an anchored pattern starts with (`^user\.id` -> `user.id`). */
export function literalPrefix(source: string): string | undefined {
  if (!source.startsWith("^") || source.includes("|")) return undefined;
  let prefix = "";
  for (let i = 1; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "\\" && /[.\-:/_]/.test(source[i + 1] ?? "")) prefix += source[++i];
    else if (/[A-Za-z0-9_\-:]/.test(ch)) prefix += ch;
    else if (/[?*{]/.test(ch)) return prefix.slice(0, -1); // the last literal was optional or repeated
    else break;
  }
  return prefix;
}
