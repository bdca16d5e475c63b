/**
 * Exact evaluation of one JSON value against a normal form, with ajv's semantics (unicode
 * lengths, unicode regexes, ajv-formats). Used for finite domains (enum, const, booleans) and
 * to confirm witnesses, so a finding about a concrete value is never a guess.
 */
import type { Sub } from "./cursor.js";
import { hasFormat } from "./formats.js";
import { itemAt } from "./intersect.js";
import type { Alt, Norm } from "./norm.js";
import type { Normalizer } from "./normalize.js";
import { typeOfValue } from "./normalize.js";
import { matchesPattern, schemaFor } from "./object-keys.js";
import { canonicalJson, sameJson } from "./schema-equal.js";

const MAX_DEPTH = 64;

export class Evaluator {
  constructor(private readonly normalizer: Normalizer) {}

  sub(sub: Sub, value: unknown, depth = 0): boolean {
    if (depth > MAX_DEPTH) throw new Error("value nests too deep to evaluate");
    return this.norm(this.normalizer.sub(sub), value, depth);
  }

  norm(norm: Norm, value: unknown, depth = 0): boolean {
    if (!norm.alts.some((alt) => this.alt(alt, value, depth))) return false;
    return norm.groups.every((g) => g.branches.filter((b) => this.norm(b, value, depth)).length <= 1);
  }

  alt(alt: Alt, value: unknown, depth = 0): boolean {
    if (value === undefined || typeOfValue(value) !== alt.type) return false;
    if (alt.enum && !alt.enum.some((v) => sameJson(v, value))) return false;
    if (alt.notEnum.some((v) => sameJson(v, value))) return false;
    if (!alt.extras.every((p) => this.sub({ parts: [{ cursor: p.cursor, negated: false }] }, value, depth + 1) !== p.negated)) return false;
    switch (alt.type) {
      case "null":
      case "boolean":
        return true;
      case "number": {
        const n = value as number;
        if (alt.integer && !Number.isInteger(n)) return false;
        if (alt.min && (n < alt.min.value || (alt.min.exclusive && n === alt.min.value))) return false;
        if (alt.max && (n > alt.max.value || (alt.max.exclusive && n === alt.max.value))) return false;
        return alt.multipleOf.every((m) => Number.isInteger(n / m)) && alt.formats.every((f) => hasFormat(f, n));
      }
      case "string": {
        const s = value as string;
        const length = [...s].length;
        if (length < alt.minLength || (alt.maxLength !== undefined && length > alt.maxLength)) return false;
        return (
          alt.patterns.every((p) => matchesPattern(p, s)) && !alt.notPatterns.some((p) => matchesPattern(p, s)) && alt.formats.every((f) => hasFormat(f, s))
        );
      }
      case "array": {
        const items = value as unknown[];
        if (items.length < alt.minItems || (alt.maxItems !== undefined && items.length > alt.maxItems)) return false;
        if (alt.unique && new Set(items.map(canonicalJson)).size !== items.length) return false;
        if (!items.every((item, i) => this.sub(itemAt(alt, i), item, depth + 1))) return false;
        return alt.contains.every((c) => items.some((item) => this.sub(c, item, depth + 1)));
      }
      case "object": {
        const object = value as Record<string, unknown>;
        const keys = Object.keys(object);
        if (keys.length < alt.minProperties || (alt.maxProperties !== undefined && keys.length > alt.maxProperties)) return false;
        if (!alt.required.every((k) => k in object)) return false;
        for (const key of keys) {
          const sub = schemaFor(alt, key);
          if (sub && !this.sub(sub, object[key], depth + 1)) return false;
          if (!alt.propertyNames.every((names) => this.sub(names, key, depth + 1))) return false;
        }
        if (!alt.dependentRequired.every((d) => !(d.key in object) || d.requires.every((k) => k in object))) return false;
        return alt.dependentSchemas.every((d) => !(d.key in object) || this.sub(d.sub, value, depth + 1));
      }
    }
  }
}
