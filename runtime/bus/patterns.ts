/**
 * Subscription patterns, NATS style: tokens separated by `.`, `*` matches exactly one
 * token, `>` (last token only) matches one or more. `contact.*` is `contact.created` but
 * not `contact.consent.granted`; `contact.>` is both. Resolved against the catalog once,
 * at subscribe time, so transports only ever see concrete event names.
 * The type-level twin of this file is `pattern-types.ts`.
 */
import { InvalidPatternError, UnknownEventError } from "./errors.js";

export function parsePattern(pattern: string): string[] {
  if (typeof pattern !== "string" || pattern === "") throw new InvalidPatternError(String(pattern), "it is empty");
  if (/\s/.test(pattern)) throw new InvalidPatternError(pattern, "it contains whitespace");
  const tokens = pattern.split(".");
  tokens.forEach((token, index) => {
    if (token === "") throw new InvalidPatternError(pattern, `token ${index + 1} is empty`);
    if (token === ">" && index !== tokens.length - 1) {
      throw new InvalidPatternError(pattern, "`>` may only be the last token");
    }
    if (token.length > 1 && (token.includes("*") || token.includes(">"))) {
      throw new InvalidPatternError(pattern, `wildcards must be whole tokens, not part of "${token}"`);
    }
  });
  return tokens;
}

export function matchesTokens(tokens: readonly string[], name: string): boolean {
  const parts = name.split(".");
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === ">") return parts.length > i;
    if (i >= parts.length || (token !== "*" && token !== parts[i])) return false;
  }
  return parts.length === tokens.length;
}

export function isWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes(">");
}

/** The catalog's events a pattern matches, sorted; throws when the pattern is malformed or matches none. */
export function resolvePattern(pattern: string, names: readonly string[]): string[] {
  const matched = matchingNames(pattern, names);
  if (matched.length === 0) throw new UnknownEventError(pattern, names);
  return matched;
}

/** The names a pattern matches, sorted (maybe none); throws when the pattern is malformed. */
export function matchingNames(pattern: string, names: readonly string[]): string[] {
  const tokens = parsePattern(pattern);
  return names.filter((name) => matchesTokens(tokens, name)).sort();
}
