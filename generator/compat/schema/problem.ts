/**
 * A problem is one reason why "every value valid under A is valid under B" fails (or could not
 * be proven). The checker always runs A -> B; messages are worded as the change from the old
 * catalog to the new one, whichever side is A.
 */
import { where, type Cursor } from "./cursor.js";
import type { CompatRule } from "../rules.js";
import { canonicalJson } from "./schema-equal.js";

export interface Problem {
  rule: CompatRule;
  /** The node it is about: on the new side when it exists there, else on the old side. */
  at: Cursor;
  message: string;
}

export interface Perspective {
  /** True for the backward check (A = old, B = new); false for forward (A = new, B = old). */
  bIsNew: boolean;
}

/** The (old, new) pair of an (A, B) pair. */
export function oldNew<T>(p: Perspective, a: T, b: T): [T, T] {
  return p.bIsNew ? [a, b] : [b, a];
}

/** The cursor on the new side if there is one. */
export function newer(p: Perspective, a: Cursor | undefined, b: Cursor | undefined): Cursor {
  const [o, n] = oldNew(p, a, b);
  return (n ?? o)!;
}

/** "`minLength: 3` added to /name", "`maximum` changed from 10 to 5 at /n", "... removed from ...". */
export function keywordChange(p: Perspective, keyword: string, a: unknown, b: unknown, at: Cursor): string {
  const [o, n] = oldNew(p, a, b);
  const text = (value: unknown) => (typeof value === "string" && /^[\w.:+-]+$/.test(value) ? value : show(value));
  if (o === undefined) return `\`${keyword}: ${text(n)}\` added to ${where(at)}`;
  if (n === undefined) return `\`${keyword}: ${text(o)}\` removed from ${where(at)}`;
  return `\`${keyword}\` changed from ${text(o)} to ${text(n)} at ${where(at)}`;
}

/** A value for a message: JSON, shortened. */
export function show(value: unknown): string {
  const text = canonicalJson(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One problem per rule and node: several reasons at one place become one finding, reasons joined. */
export function mergeProblems(problems: readonly Problem[]): Problem[] {
  const merged = new Map<string, Problem>();
  for (const problem of problems) {
    const key = `${problem.rule}\0${problem.at.path}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, problem);
    else if (!seen.message.split("; ").includes(problem.message)) merged.set(key, { ...seen, message: `${seen.message}; ${problem.message}` });
  }
  return [...merged.values()];
}
