/**
 * Proofs that a normal form accepts no value (contradictory bounds, disjoint consts on a
 * required property...). "Not proven" is never read as "not empty" for a pass: the oneOf overlap
 * check reports an overlap unless the intersection is proven empty.
 */
import type { Evaluator } from "./accepts.js";
import type { Sub } from "./cursor.js";
import { itemAt } from "./intersect.js";
import type { Alt, Bound, Norm, NumberAlt } from "./norm.js";
import type { Normalizer } from "./normalize.js";
import { schemaFor } from "./object-keys.js";

const MAX_DEPTH = 6;

export class Emptiness {
  constructor(
    private readonly normalizer: Normalizer,
    private readonly evaluator: Evaluator,
  ) {}

  norm(norm: Norm, depth = 0): boolean {
    return norm.alts.every((alt) => this.alt(alt, depth));
  }

  sub(sub: Sub, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    return this.norm(this.normalizer.sub(sub), depth + 1);
  }

  alt(alt: Alt, depth = 0): boolean {
    if (alt.enum) return !alt.enum.some((v) => this.evaluator.alt(alt, v));
    switch (alt.type) {
      case "null":
        return alt.notEnum.includes(null);
      case "boolean":
        return alt.notEnum.includes(true) && alt.notEnum.includes(false);
      case "number":
        return numberRange(alt) === undefined;
      case "string":
        return (alt.maxLength !== undefined && alt.minLength > alt.maxLength) || alt.patterns.some((p) => alt.notPatterns.includes(p));
      case "array":
        if (alt.maxItems !== undefined && alt.minItems > alt.maxItems) return true;
        if (alt.maxItems === 0 && alt.contains.length > 0) return true;
        for (let i = 0; i < Math.min(alt.minItems, alt.prefix.length + 1); i++) if (this.sub(itemAt(alt, i), depth)) return true;
        return false;
      case "object":
        if (alt.maxProperties !== undefined && (alt.minProperties > alt.maxProperties || alt.required.length > alt.maxProperties)) return true;
        return alt.required.some((key) => {
          const sub = schemaFor(alt, key);
          return sub !== undefined && this.sub(sub, depth);
        });
    }
  }
}

/**
 * The numbers an alternative accepts as [low, high] (bounds inclusive after integer rounding),
 * or undefined when there are none.
 */
export function numberRange(alt: NumberAlt): { low?: Bound; high?: Bound } | undefined {
  let low = alt.min;
  let high = alt.max;
  if (alt.integer) {
    if (low) low = { value: low.exclusive && Number.isInteger(low.value) ? low.value + 1 : Math.ceil(low.value), exclusive: false };
    if (high) high = { value: high.exclusive && Number.isInteger(high.value) ? high.value - 1 : Math.floor(high.value), exclusive: false };
  }
  if (low && high && (low.value > high.value || (low.value === high.value && (low.exclusive || high.exclusive)))) return undefined;
  return { ...(low ? { low } : {}), ...(high ? { high } : {}) };
}
