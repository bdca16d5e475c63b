/**
 * A codegen session rebuilding after edits gives exactly what a build from nothing gives: the
 * same files, byte for byte, and the same diagnostics. Every cache of the session is exercised:
 * parsed files, AsyncAPI findings per document, example verdicts, validators, printed
 * declarations and docs rows.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticCatalog, writeCatalog } from "../../bench/synthetic-catalog.js";
import { generate } from "../../generator/generate.js";
import { CodegenSession } from "../../generator/session.js";

const dir = mkdtempSync(join(tmpdir(), "eventsmith-session-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => join(dir, name);
const edit = (name: string, from: string | RegExp, to: string) => {
  const text = readFileSync(file(name), "utf8");
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit of ${name} changed nothing: ${String(from)}`);
  writeFileSync(file(name), changed);
};

/** Edits applied one after the other, each followed by a rebuild; `want`: what the build gives. */
const EDITS: Array<[string, () => void, "files" | "warnings" | "errors"]> = [
  ["a property added to one event", () => edit("domain-00.yaml", /(    E3Payload:\n(?:.*\n)*?      properties:\n)/, "$1        added:\n          type: string\n          maxLength: 4\n"), "files"],
  ["a shared schema in common.yaml changed", () => edit("common.yaml", "maxLength: 254", "maxLength: 200"), "files"],
  ["an example made invalid", () => edit("domain-01.yaml", "AB-12", "lowercase-12"), "errors"],
  ["the example fixed again", () => edit("domain-01.yaml", "lowercase-12", "AB-12"), "files"],
  ["a YAML syntax error", () => edit("domain-00.yaml", "asyncapi: 3.0.0", "asyncapi: [3.0.0"), "errors"],
  ["the syntax error fixed", () => edit("domain-00.yaml", "asyncapi: [3.0.0", "asyncapi: 3.0.0"), "files"],
  ["an AsyncAPI schema violation", () => edit("domain-01.yaml", "action: send", "action: sent"), "errors"],
  ["the violation fixed", () => edit("domain-01.yaml", "action: sent", "action: send"), "files"],
  ["a schema that is not valid JSON Schema", () => edit("domain-00.yaml", "minimum: 0\n", "minimum: zero\n"), "errors"],
  ["the schema fixed", () => edit("domain-00.yaml", "minimum: zero\n", "minimum: 0\n"), "files"],
  ["a whole domain removed", () => unlinkSync(file("domain-02.yaml")), "files"],
  ["an event renamed", () => edit("domain-01.yaml", /name: (domain-01\.[\w.]+)\n/, "name: $1.renamed\n"), "files"],
];

describe("a codegen session", () => {
  const synthetic = syntheticCatalog({ events: 120 });
  writeCatalog(dir, synthetic);
  const session = new CodegenSession(dir);
  afterAll(() => session.close());

  const same = async () => {
    const [built, fresh] = [await session.build(), await generate(dir)];
    expect(built.diagnostics).toEqual(fresh.diagnostics);
    expect(built.files).toEqual(fresh.files);
    return built;
  };
  const outcome = (built: Awaited<ReturnType<typeof same>>) =>
    !built.files ? "errors" : built.diagnostics.length > 0 ? "warnings" : "files";

  it("builds what generate builds", async () => expect(outcome(await same())).toBe("files"));

  it.each(EDITS)("after %s, rebuilds what a build from nothing gives", async (_, apply, want) => {
    apply();
    expect(outcome(await same())).toBe(want);
  });
});
