import { describe, expect, it } from "vitest";
import { compareCatalogs, type CompatPolicy } from "../../generator/compat/compare-catalogs.js";
import { producerValidator, samplesOf, validator } from "./ajv-oracle.js";
import { oneEvent } from "./ir-fixture.js";
import { PROBES, RandomSchemas } from "./random-schemas.js";

/**
 * Never a silent pass: for random schema pairs, whenever the engine says a direction holds,
 * no sample (probes, plus the engine's samples of both sides) may be valid under A and invalid
 * under B according to ajv.
 */
describe("soundness on random schema pairs", () => {
  it.each([1, 2, 3])("seed %i: no compatible verdict contradicted by ajv", (seed) => {
    const random = new RandomSchemas(seed);
    const contradictions: string[] = [];
    for (let i = 0; i < 150; i++) {
      const before = random.schema();
      const after = random.mutate(before);
      const [oldIr, newIr] = [oneEvent(before), oneEvent(after)];
      const pool = [...PROBES, ...samplesOf(oldIr), ...samplesOf(newIr)];
      for (const policy of ["strict", "lenient"] as CompatPolicy[]) {
        const { findings } = compareCatalogs(oldIr, newIr, { policy });
        for (const [direction, a, b] of [["backward", before, after], ["forward", after, before]] as const) {
          if (findings.some((f) => f.direction === direction && f.severity === "error")) continue;
          const [validA, validB] = [producerValidator(a, {}, policy), validator(b)];
          const witness = pool.find((v) => validA(v) && !validB(v));
          if (witness !== undefined) contradictions.push(`${policy} ${direction}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}: ${JSON.stringify(witness)}`);
        }
      }
    }
    expect(contradictions).toEqual([]);
  });
});
