/** A ⊆ B for one array alternative of each side: items (tuple and rest), length, uniqueness, contains. */
import { where, type Cursor } from "./cursor.js";
import { itemAt } from "./intersect.js";
import type { ArrayAlt } from "./norm.js";
import { keywordChange, newer, type Problem } from "./problem.js";
import type { Checker } from "./checker.js";

export function compareArray(c: Checker, x: ArrayAlt, y: ArrayAlt): Problem[] {
  const at = newer(c, x.origin, y.origin);
  const problems: Problem[] = [];
  const xMax = maxLength(c, x);
  const xMin = Math.max(x.minItems, x.contains.length > 0 ? 1 : 0);
  if (y.minItems > xMin) problems.push({ rule: "array-length", at, message: keywordChange(c, "minItems", x.minItems || undefined, y.minItems, at) });
  if (y.maxItems !== undefined && (xMax === undefined || xMax > y.maxItems)) {
    problems.push({ rule: "array-length", at, message: keywordChange(c, "maxItems", x.maxItems, y.maxItems, at) });
  }
  const tuple = Math.max(x.prefix.length, y.prefix.length);
  for (let i = 0; i <= tuple && (xMax === undefined || i < xMax); i++) {
    if (c.emptiness.sub(itemAt(y, i), 0)) {
      // B allows no item at i: arrays longer than i are rejected (closed tuple, `items: false`)
      if (y.maxItems === undefined || y.maxItems > i) problems.push({ rule: "array-length", at, message: longer(c, i, at) });
      break;
    }
    problems.push(...(i < tuple ? c.includes(itemAt(x, i), itemAt(y, i)) : c.includes(x.rest, y.rest)));
  }
  if (y.unique && !x.unique && (xMax === undefined || xMax > 1)) {
    problems.push({ rule: "unique-items", at, message: keywordChange(c, "uniqueItems", undefined, true, at) + ": arrays with duplicate items are rejected" });
  }
  for (const contains of y.contains) {
    if (x.contains.some((own) => c.includes(own, contains).length === 0)) continue;
    const everyItem = xMin >= 1 && x.prefix.every((item) => c.includes(item, contains).length === 0) && c.includes(x.rest, contains).length === 0;
    if (everyItem) continue;
    const message = c.bIsNew
      ? `\`contains\` added or narrowed at ${where(at)}: an array needs an item matching ${contains.parts[0]!.cursor.path}`
      : `\`contains\` removed or widened at ${where(at)}: the old schema needs an item matching ${contains.parts[0]!.cursor.path}`;
    problems.push({ rule: "contains", at, message });
  }
  return problems;
}

function longer(c: Checker, length: number, at: Cursor): string {
  return c.bIsNew
    ? `arrays at ${where(at)} may no longer have more than ${length} item(s) (closed tuple)`
    : `arrays at ${where(at)} may now have more than ${length} item(s), which the old closed tuple rejects`;
}

/** The most items an array of `x` can have (undefined: unbounded); an impossible item ends it. */
function maxLength(c: Checker, x: ArrayAlt): number | undefined {
  for (let i = 0; i <= x.prefix.length; i++) {
    if (x.maxItems !== undefined && i >= x.maxItems) return x.maxItems;
    if (c.emptiness.sub(itemAt(x, i), 0)) return i;
  }
  return x.maxItems;
}
