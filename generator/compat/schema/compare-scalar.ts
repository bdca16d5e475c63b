/** A ⊆ B for one number or string alternative of each side. */
import { where } from "./cursor.js";
import { numberRange } from "./empty.js";
import type { Bound, NumberAlt, StringAlt } from "./norm.js";
import { matchesPattern } from "./object-keys.js";
import { keywordChange, newer, oldNew, show, type Problem } from "./problem.js";
import type { Checker } from "./checker.js";

export function compareNumber(c: Checker, x: NumberAlt, y: NumberAlt): Problem[] {
  const at = newer(c, x.origin, y.origin);
  const problems: Problem[] = [];
  const integral = x.integer || x.multipleOf.some(Number.isInteger);
  if (y.integer && !integral) {
    const message = c.bIsNew ? `type narrowed from \`number\` to \`integer\` at ${where(at)}` : `type widened from \`integer\` to \`number\` at ${where(at)}`;
    problems.push({ rule: "type-changed", at, message });
  }
  const xr = numberRange({ ...x, integer: integral });
  if (!xr) return problems;
  const yr = integral ? numberRange(y) : { low: y.min, high: y.max };
  if (!yr) return [...problems, { rule: "numeric-range", at, message: c.bIsNew ? `${where(at)} no longer accepts any number` : `${where(at)} accepted no number before` }];
  if (yr.low && !(xr.low && lowWithin(xr.low, yr.low))) problems.push({ rule: "numeric-range", at, message: boundChange(c, "lower", x.min, y.min, where(at)) });
  if (yr.high && !(xr.high && highWithin(xr.high, yr.high))) problems.push({ rule: "numeric-range", at, message: boundChange(c, "upper", x.max, y.max, where(at)) });
  for (const m of y.multipleOf) {
    if (x.multipleOf.some((k) => isMultiple(k, m)) || (integral && isMultiple(1, m))) continue;
    problems.push({ rule: "multiple-of", at, message: keywordChange(c, "multipleOf", x.multipleOf[0], m, at) });
  }
  for (const format of y.formats) {
    if (!x.formats.includes(format)) problems.push({ rule: "format", at, message: keywordChange(c, "format", x.formats[0], format, at) });
  }
  return problems;
}

function lowWithin(x: Bound, y: Bound): boolean {
  return x.value > y.value || (x.value === y.value && (!y.exclusive || x.exclusive));
}
function highWithin(x: Bound, y: Bound): boolean {
  return x.value < y.value || (x.value === y.value && (!y.exclusive || x.exclusive));
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function boundChange(c: Checker, side: "lower" | "upper", x: Bound | undefined, y: Bound | undefined, at: string): string {
  const [o, n] = oldNew(c, x, y);
  const text = (b: Bound) => `\`${side === "lower" ? (b.exclusive ? "exclusiveMinimum" : "minimum") : b.exclusive ? "exclusiveMaximum" : "maximum"}: ${b.value}\``;
  if (!o) return `${text(n!)} added to ${at}`;
  if (!n) return `${text(o)} removed from ${at}`;
  return `${side} bound changed from ${text(o)} to ${text(n)} at ${at}`;
}

/**
 * Whether the number branches of B together cover x (a range split over anyOf branches).
 * Returns undefined when they do, else a number of x they leave out (or NaN if none was found).
 */
export function numberUnionGap(x: NumberAlt, ys: NumberAlt[]): number | undefined {
  const xr = numberRange(x);
  if (!xr) return undefined;
  const usable = ys.filter((y) => !y.multipleOf.length && !y.formats.length && !y.enum && !y.notEnum.length && !y.extras.length && (x.integer || !y.integer));
  const ranges = usable.flatMap((y) => numberRange(x.integer ? { ...y, integer: true } : y) ?? []);
  // `from`: the point still to cover (open: the point itself is already covered)
  let from: { value: number; open: boolean } | undefined = xr.low ? { value: xr.low.value, open: xr.low.exclusive } : undefined;
  for (let guard = 0; guard <= ranges.length; guard++) {
    const point = from;
    const startsBy = (r: (typeof ranges)[number]) => !r.low || (point !== undefined && (r.low.value < point.value || (r.low.value === point.value && (!r.low.exclusive || point.open))));
    const reaches = (r: (typeof ranges)[number]) => !r.high || point === undefined || r.high.value > point.value || (r.high.value === point.value && !r.high.exclusive && !point.open);
    const covering = ranges.filter((r) => startsBy(r) && reaches(r));
    if (covering.length === 0) return from === undefined ? NaN : from.open ? from.value + (x.integer ? 1 : 1e-6) : from.value;
    if (covering.some((r) => !r.high)) return undefined;
    const best = covering.map((r) => r.high!).sort((a, b) => b.value - a.value || Number(a.exclusive) - Number(b.exclusive))[0]!;
    from = x.integer ? { value: best.value + 1, open: false } : { value: best.value, open: !best.exclusive };
    if (xr.high && (from.value > xr.high.value || (from.value === xr.high.value && (from.open || xr.high.exclusive)))) return undefined;
  }
  return NaN;
}

export function compareString(c: Checker, x: StringAlt, y: StringAlt): Problem[] {
  const at = newer(c, x.origin, y.origin);
  const problems: Problem[] = [];
  if (y.minLength > x.minLength) problems.push({ rule: "string-length", at, message: keywordChange(c, "minLength", x.minLength || undefined, y.minLength, at) });
  if (y.maxLength !== undefined && (x.maxLength === undefined || x.maxLength > y.maxLength)) {
    problems.push({ rule: "string-length", at, message: keywordChange(c, "maxLength", x.maxLength, y.maxLength, at) });
  }
  for (const format of y.formats) {
    if (!x.formats.includes(format)) problems.push({ rule: "format", at, message: keywordChange(c, "format", x.formats[0], format, at) });
  }
  const candidates = () => c.sampler.alt(x).filter((v): v is string => typeof v === "string" && c.evaluator.alt(x, v));
  for (const pattern of y.patterns) {
    if (x.patterns.includes(pattern)) continue;
    const change = keywordChange(c, "pattern", x.patterns[0], pattern, at);
    const value = candidates().find((v) => !matchesPattern(pattern, v));
    problems.push({
      rule: "pattern",
      at,
      message: value === undefined
        ? `${change}: could not prove that every string accepted ${c.bIsNew ? "before" : "now"} still matches`
        : `${change}: ${show(value)} ${c.bIsNew ? "is no longer accepted" : "is now accepted but rejected by the old schema"}`,
    });
  }
  for (const pattern of y.notPatterns) {
    if (x.notPatterns.includes(pattern)) continue;
    const value = candidates().find((v) => matchesPattern(pattern, v));
    const change = c.bIsNew ? `\`not: { pattern: ${show(pattern)} }\` added to ${where(at)}` : `\`not: { pattern: ${show(pattern)} }\` removed from ${where(at)}`;
    problems.push({ rule: "pattern", at, message: value === undefined ? `${change}: could not prove compatibility` : `${change}: ${show(value)} is rejected` });
  }
  return problems;
}
