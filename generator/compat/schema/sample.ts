/**
 * Candidate values of a normal form, to find a witness: a value valid on one side and invalid on
 * the other turns "could not prove" into a concrete, checkable finding. Candidates are only
 * candidates: every one is confirmed with the Evaluator before it is used.
 */
import type { Evaluator } from "./accepts.js";
import type { Sub } from "./cursor.js";
import { itemAt } from "./intersect.js";
import type { Alt } from "./norm.js";
import type { Normalizer } from "./normalize.js";
import { declaredKeys, literalPrefix, matchesPattern, restSchema, schemaFor } from "./object-keys.js";

const MAX_DEPTH = 4;
const PER_SUB = 8;

const FORMAT_SAMPLES: Record<string, string> = {
  email: "user@example.com", "idn-email": "user@example.com", "date-time": "2024-01-02T03:04:05Z", date: "2024-01-02",
  time: "03:04:05Z", uri: "https://example.com/a", "uri-reference": "/a", url: "https://example.com/a", uuid: "123e4567-e89b-12d3-a456-426614174000",
  hostname: "example.com", ipv4: "192.0.2.1", ipv6: "2001:db8::1", duration: "P1D", "json-pointer": "/a", regex: "a+",
};
const STRINGS = ["", "Hello-World_1", "a", "0", "A", "abc", "a b", "a".repeat(300)];

export class Sampler {
  constructor(
    private readonly normalizer: Normalizer,
    private readonly evaluator: Evaluator,
  ) {}

  /** Values confirmed valid under `sub`, spread over its alternatives. */
  sub(sub: Sub, depth = 0, limit = PER_SUB): unknown[] {
    if (depth > MAX_DEPTH) return [];
    const norm = this.normalizer.sub(sub);
    const perAlt = Math.max(2, Math.ceil(limit / Math.max(1, norm.alts.length)));
    const lists = norm.alts.map((alt) => this.alt(alt, depth).filter((v) => this.evaluator.norm(norm, v)).slice(0, perAlt));
    // round-robin, so the first few values already cover every alternative
    const out: unknown[] = [];
    for (let i = 0; out.length < limit && lists.some((list) => i < list.length); i++) {
      for (const list of lists) if (i < list.length && out.length < limit) out.push(list[i]);
    }
    return out;
  }

  /** Candidates for one alternative (not all valid). */
  alt(alt: Alt, depth = 0): unknown[] {
    if (alt.enum) return alt.enum;
    switch (alt.type) {
      case "null":
        return [null];
      case "boolean":
        return [true, false];
      case "number":
        return numbers(alt.min?.value, alt.max?.value, alt.multipleOf, alt.integer);
      case "string":
        return strings(alt.minLength, alt.maxLength, alt.formats);
      case "array":
        return this.arrays(alt, depth);
      case "object":
        return this.objects(alt, depth);
    }
  }

  private arrays(alt: Extract<Alt, { type: "array" }>, depth: number): unknown[] {
    const first = (i: number) => this.sub(itemAt(alt, i), depth + 1);
    const lengths = [...new Set([alt.minItems, alt.minItems + 1, 2, alt.maxItems ?? 0, (alt.maxItems ?? 0) + 1])].filter((n) => n >= 0 && n < 50);
    const out: unknown[][] = [];
    for (const length of lengths) {
      const items = Array.from({ length }, (_, i) => first(i));
      if (items.some((options) => options.length === 0)) continue;
      out.push(items.map((options) => options[0]));
      if (length > 0) out.push(items.map((options, i) => options[i % options.length])); // varied items
    }
    for (const contains of alt.contains) for (const value of this.sub(contains, depth + 1).slice(0, 2)) out.push([value]);
    return out;
  }

  private objects(alt: Extract<Alt, { type: "object" }>, depth: number): unknown[] {
    const rest = restSchema(alt);
    const valueOf = (key: string): unknown[] => {
      const sub = schemaFor(alt, key);
      return sub ? this.sub(sub, depth + 1) : ["x", 1, null];
    };
    const base: Record<string, unknown> = {};
    for (const key of alt.required) {
      const values = valueOf(key);
      if (values.length === 0) return [];
      base[key] = values[0];
    }
    const full = { ...base };
    const fill = (key: string) => {
      const values = valueOf(key);
      if (!(key in full) && values.length > 0) full[key] = values[0];
    };
    for (const key of declaredKeys(alt)) fill(key);
    for (const dep of alt.dependentRequired) for (const key of [dep.key, ...dep.requires]) fill(key);
    const out: Record<string, unknown>[] = [base, full];
    for (const key of [...alt.required, ...declaredKeys(alt).filter((k) => !(k in base))]) {
      for (const value of valueOf(key).slice(0, 3)) out.push({ ...base, [key]: value }, { ...full, [key]: value });
    }
    // undeclared keys, one and several (property counts, additionalProperties values)
    const extra = rest ? this.sub(rest, depth + 1) : ["x", 1];
    for (const value of extra.slice(0, 3)) out.push({ ...full, "x-undeclared": value });
    for (const count of new Set([3, alt.minProperties, alt.maxProperties ?? 0, (alt.maxProperties ?? 0) + 1])) {
      if (count < 50 && extra.length) out.push({ ...full, ...Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, extra[0]])) });
    }
    for (const { source, sub } of alt.parts.flatMap((p) => p.patterns)) {
      const key = `${literalPrefix(source) ?? ""}k`;
      if (matchesPattern(source, key)) for (const value of this.sub(sub, depth + 1).slice(0, 3)) out.push({ ...full, [key]: value });
    }
    return out;
  }
}

function numbers(min: number | undefined, max: number | undefined, multipleOf: number[], integer: boolean): number[] {
  const step = multipleOf[0] ?? 1;
  const around = [min, max].flatMap((v) => (v === undefined ? [] : [v, v - step, v + step, v + 0.5, Math.ceil(v), Math.floor(v)]));
  const values = [...around, 0, 0.5, 1e6, -1, 1, 2, 3, 7, 100, -1e6, 2 ** 31, 1.5, step, step * 3];
  return [...new Set(values)].filter((v) => Number.isFinite(v) && (!integer || Number.isInteger(v)));
}

function strings(minLength: number, maxLength: number | undefined, formats: string[]): string[] {
  const lengths = [minLength, minLength + 1, maxLength ?? 0, (maxLength ?? 0) + 1, Math.max(0, minLength - 1)];
  return [
    ...formats.flatMap((f) => FORMAT_SAMPLES[f] ?? []),
    ...STRINGS,
    ...Object.values(FORMAT_SAMPLES),
    ...lengths.map((n) => "a".repeat(n)),
  ];
}
