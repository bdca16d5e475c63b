/** The package's programmatic entry point (`import ... from "eventsmith"`) runs the same pipeline as the CLI. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compat, generate, validate } from "eventsmith";

const CATALOG = resolve(import.meta.dirname, "../../catalog");

describe("eventsmith (library)", () => {
  it("validates, generates and checks compatibility", async () => {
    const checked = await validate(CATALOG);
    expect(checked.diagnostics).toEqual([]);
    const generated = await generate(CATALOG);
    expect(generated.files?.map((f) => f.path)).toContain("index.ts");
    const result = await compat({ cwd: resolve(CATALOG, ".."), catalog: "catalog", base: "catalog" });
    expect(result).toMatchObject({ report: { compatible: true, findings: [] } });
  });
});
