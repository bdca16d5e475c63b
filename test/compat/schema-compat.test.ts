import { describe, expect, it } from "vitest";
import { compareCatalogs, type CompatPolicy } from "../../generator/compat/compare-catalogs.js";
import type { Direction } from "../../generator/compat/rules.js";
import type { JsonSchema } from "../../generator/ir/types.js";
import { producerValidator, samplesOf, validator, type Defs } from "./ajv-oracle.js";
import { oneEvent } from "./ir-fixture.js";
import { SCHEMA_CASES, type SchemaCase, type Verdict } from "./schema-cases.js";

const POLICIES: CompatPolicy[] = ["lenient", "strict"];

function verdictOf(backward: boolean, forward: boolean): Verdict {
  return backward && forward ? "full" : backward ? "backward" : forward ? "forward" : "none";
}

function wanted(c: SchemaCase, policy: CompatPolicy): Verdict {
  return typeof c.want === "string" ? c.want : c.want[policy];
}

describe("subschema check: single-change cases", () => {
  it("has at least 60 cases", () => {
    expect(SCHEMA_CASES.length).toBeGreaterThanOrEqual(60);
  });

  describe.each(POLICIES)("%s policy", (policy) => {
    it.each(SCHEMA_CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const oldIr = oneEvent(c.old, c.oldDefs);
      const newIr = oneEvent(c.new, c.newDefs);
      const { findings } = compareCatalogs(oldIr, newIr, { policy, mode: "full" });
      const breaks = (d: Direction) => findings.some((f) => f.direction === d && f.severity === "error");
      expect(verdictOf(!breaks("backward"), !breaks("forward"))).toBe(wanted(c, policy));
      if (c.rule && wanted(c, policy) !== "full") expect(findings.map((f) => f.rule)).toContain(c.rule);
      for (const f of findings) expect(f.message).not.toMatch(/undefined|\[object/);

      // the independent check: ajv on samples (given, and made from both sides)
      const samples = [...(c.samples ?? []), ...samplesOf(oldIr), ...samplesOf(newIr)];
      for (const direction of ["backward", "forward"] as const) {
        const [a, aDefs, b, bDefs] = direction === "backward" ? [c.old, c.oldDefs, c.new, c.newDefs] : [c.new, c.newDefs, c.old, c.oldDefs];
        const validA = producerValidator(a, aDefs, policy);
        const validB = validator(b as JsonSchema, (bDefs ?? {}) as Defs);
        const witnesses = samples.filter((v) => validA(v) && !validB(v));
        if (!breaks(direction) || c.conservative?.includes(direction)) {
          expect(witnesses, `${direction}: a value valid on one side only`).toEqual([]);
        } else {
          expect(witnesses.length, `${direction}: no sample confirms the breaking verdict`).toBeGreaterThan(0);
        }
      }
    });
  });
});
