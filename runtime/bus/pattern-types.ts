/**
 * The type-level twin of `patterns.ts`: which subscription patterns a catalog accepts and
 * which events each one matches, so handlers narrow to exactly those events.
 *
 * Written to stay cheap for editors on catalogs of hundreds of events: each name's
 * patterns are computed once, and the pattern is never distributed over (while TypeScript
 * infers it, it stands for every pattern of the catalog, and distributing would pair each
 * of them with each name).
 */

/** Every pattern that matches `Name`: each token literal or `*`, or any tail replaced by `>`. */
export type PatternsOf<Name extends string> =
  | ">"
  | (Name extends `${infer Head}.${infer Tail}` ? `${Head | "*"}.${PatternsOf<Tail>}` : Name | "*");

/**
 * The names of `Names` that `Pattern` matches. A union of exact names matches each of
 * them; a union of wildcard patterns is not supported (it matches nothing).
 */
export type MatchingNames<Names extends string, Pattern extends string> = Names extends unknown
  ? Names extends Pattern
    ? Names
    : [Pattern] extends [PatternsOf<Names>]
      ? Names
      : never
  : never;
