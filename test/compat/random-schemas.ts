/**
 * Seeded random draft-07 schemas and single mutations of them, for the soundness test: small
 * enough that ajv can judge samples, varied enough to reach every part of the checker.
 */

type Schema = Record<string, unknown>;
const KEYS = ["a", "b", "c"];

export class RandomSchemas {
  constructor(private seed: number) {}

  private next(): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed / 0x7fffffff;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  schema(depth = 0): Schema {
    const r = this.next();
    if (depth > 2 || r < 0.25) return structuredClone(this.pick(LEAVES));
    if (r < 0.55) {
      const properties: Schema = {};
      for (const key of KEYS) if (this.next() < 0.6) properties[key] = this.schema(depth + 1);
      const out: Schema = { type: "object", properties };
      const required = Object.keys(properties).filter(() => this.next() < 0.4);
      if (required.length) out["required"] = required;
      if (this.next() < 0.3) out["additionalProperties"] = this.next() < 0.7 ? false : this.schema(depth + 1);
      if (this.next() < 0.1) out["maxProperties"] = 1;
      if (this.next() < 0.1) out["dependencies"] = { a: ["b"] };
      return out;
    }
    if (r < 0.7) {
      const out: Schema = { type: "array", items: this.schema(depth + 1) };
      if (this.next() < 0.3) out["maxItems"] = 2;
      if (this.next() < 0.2) out["uniqueItems"] = true;
      if (this.next() < 0.2) out["minItems"] = 1;
      return out;
    }
    const keyword = r < 0.8 ? "anyOf" : r < 0.9 ? "oneOf" : r < 0.95 ? "allOf" : "not";
    return keyword === "not" ? { not: this.schema(depth + 1) } : { [keyword]: [this.schema(depth + 1), this.schema(depth + 1)] };
  }

  /** One change: a property's schema, an item schema, a keyword dropped or added, or a new schema. */
  mutate(schema: Schema): Schema {
    if (this.next() < 0.2) return this.schema(1);
    const out = structuredClone(schema);
    const properties = out["properties"] as Schema | undefined;
    if (properties && this.next() < 0.5) {
      const key = this.pick(KEYS);
      properties[key] = properties[key] && this.next() < 0.5 ? this.mutate(properties[key] as Schema) : this.schema(2);
      return out;
    }
    if (out["items"] && this.next() < 0.5) return { ...out, items: this.mutate(out["items"] as Schema) };
    const keys = Object.keys(out);
    if (keys.length && this.next() < 0.3) {
      delete out[this.pick(keys)];
      return out;
    }
    return { ...out, ...this.schema(3) };
  }
}

const LEAVES: Schema[] = [
  { type: "string" }, { type: "integer" }, { type: "number" }, { type: "boolean" }, { type: "null" }, {},
  { type: "string", maxLength: 1 }, { type: "string", maxLength: 3 }, { type: "string", minLength: 2 },
  { enum: ["x", "y"] }, { enum: ["x"] }, { enum: [1, "x"] }, { enum: [true, null] }, { const: "x" }, { const: 1 }, { const: null },
  { type: "integer", minimum: 0, maximum: 3 }, { type: "integer", minimum: 1, maximum: 10 }, { type: "number", exclusiveMinimum: 0 },
  { type: "string", format: "email" }, { type: "string", pattern: "^[a-z]+$" }, { type: ["string", "null"] },
  { type: "integer", multipleOf: 2 }, { type: "integer", multipleOf: 3 },
];

/** Values worth trying on any schema of this family (the engine's samples of both sides are added). */
export const PROBES: unknown[] = [
  null, true, false, 0, 1, 2, 0.5, -1, 4, 12, "", "x", "y", "ab", "abcd", "a@b.co", [], [1], ["x"], ["x", "x"], [null, 1, "x"],
  {}, { a: 1 }, { a: "x" }, { b: null }, { c: [] }, { a: "x", b: 1 }, { z: 1 }, { a: "x", z: true }, { a: {}, b: [] },
];
