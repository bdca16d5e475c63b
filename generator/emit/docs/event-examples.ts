/**
 * The examples an event page shows: the catalog's own, or one generated from the schema when
 * it has none. Every one is checked with the generated validators' ajv configuration; one
 * that does not validate is still shown (nothing is hidden), with its problems listed.
 */
import type { CatalogIR, EventIR, JsonSchema } from "../../ir/types.js";
import type { ExampleChecker } from "./example-checker.js";
import { sampleSchema } from "./example-sampler.js";

export interface ExampleDoc {
  source: "catalog" | "generated";
  name?: string;
  summary?: string;
  payload?: unknown;
  headers?: unknown;
  /** What ajv rejects in it: `payload/email must match format "email"`; empty when valid. */
  problems: string[];
}

/** What the pages say about an example (the same words in Markdown and HTML). */
export const EXAMPLE_TEXT = {
  generated: "Generated from the schema (the catalog has no example).",
  unsatisfied:
    "Generated from the schema (the catalog has no example), but no candidate the generator tried validates: " +
    "the schema may be unsatisfiable, or its oneOf branches overlap. The last candidate:",
  valid: "Checked by the generated validators: valid.",
  invalid: "This example does not validate:",
} as const;

/** oneOf/anyOf branch choices tried, each with and then without optional properties. */
const VARIANTS = 4;

export function eventExamples(ir: Pick<CatalogIR, "schemas">, event: EventIR, checker: ExampleChecker): ExampleDoc[] {
  const check = (payload: unknown, headers: unknown) => checker.check(event, payload, headers);
  if (event.examples.length > 0) {
    return event.examples.map((example) => ({
      source: "catalog" as const,
      ...(example.name !== undefined ? { name: example.name } : {}),
      ...(example.summary !== undefined ? { summary: example.summary } : {}),
      ...(example.payload !== undefined ? { payload: example.payload } : {}),
      ...(example.headers !== undefined ? { headers: example.headers } : {}),
      problems: check(example.payload, example.headers),
    }));
  }
  let last: ExampleDoc | undefined;
  for (let variant = 0; variant < VARIANTS; variant++) {
    for (const optional of [true, false]) {
      const generate = (schema: JsonSchema) => sampleSchema(ir, schema, { variant, optional });
      const payload = generate(event.payload.schema);
      const headers = event.headers ? generate(event.headers.schema) : undefined;
      const problems = payload === undefined ? ["payload: no value could be generated for this schema"] : check(payload, headers);
      last = { source: "generated", ...(payload !== undefined ? { payload } : {}), ...(headers !== undefined ? { headers } : {}), problems };
      if (problems.length === 0) return [last];
    }
  }
  return [last!];
}
