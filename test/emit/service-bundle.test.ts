/**
 * The generated SDK is tree-shakable: a service that uses two events, bundled with esbuild from
 * its entry point (`generated/services/contacts-service.ts`), carries those two events'
 * validators and definitions, and of the shared definitions' modules exactly those theirs
 * import, none of the other 156 events', and the bundle runs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { outputDir } from "../support/output-dir.js";
import { run } from "../support/run-command.js";

const ROOT = resolve(import.meta.dirname, "../..");
const GENERATED = join(ROOT, "generated");

const SERVICE = `
import { createEventBus } from "${join(GENERATED, "services/contacts-service.js")}";
const bus = createEventBus({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
const sent = await bus.publish("contact.tags.changed", {
  contactId: "8f0e4c9a-1b2d-4e3f-9a8b-7c6d5e4f3a2b", email: "ada@example.org", added: ["donor"], removed: [], source: "admin",
});
const refused = await bus.publish("contact.address.updated", {} as never).catch((error: { code: string }) => error.code);
await bus.close();
console.log(JSON.stringify({ type: sent.type, source: sent.source, refused }));
`;

/** The shared definitions' modules a validator module imports, directly or through one another, relative to generated/. */
function sharedImports(module: string, found = new Set<string>()): Set<string> {
  for (const [, file] of readFileSync(join(GENERATED, module), "utf8").matchAll(/from "\.\/(?:shared\/)?([a-z0-9-]+)\.js";/g)) {
    const path = `validators/shared/${file}.ts`;
    if (!found.has(path)) sharedImports(path, found.add(path));
  }
  return found;
}

/** The generated modules that put code into the bundle, relative to generated/. */
function generatedInputs(metafile: Metafile): string[] {
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output!.inputs)
    .filter(([path, input]) => input.bytesInOutput > 0 && resolve(ROOT, path).startsWith(GENERATED))
    .map(([path]) => relative(GENERATED, resolve(ROOT, path)))
    .sort();
}

describe("bundling a service that uses two events", () => {
  it("keeps only those two events' validators and definitions, and runs", async () => {
    const dir = outputDir("bundle");
    const entry = join(dir, "service.ts");
    writeFileSync(entry, SERVICE);
    const result = await build({
      entryPoints: [entry],
      outfile: join(dir, "service.mjs"),
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      conditions: ["eventsmith-source"],
      metafile: true,
      logLevel: "silent",
      absWorkingDir: ROOT,
    });
    expect(result.errors).toEqual([]);

    const validators = ["validators/contact-address-updated.ts", "validators/contact-tags-changed.ts"];
    const shared = new Set(validators.flatMap((module) => [...sharedImports(module)]));
    expect(shared.size).toBeGreaterThan(2); // entity-id, email, tag...: shared with other events
    expect(generatedInputs(result.metafile)).toEqual(["events.ts", "services/contacts-service.ts", ...validators, "validators/index.ts", ...[...shared].sort()]);
    const bundle = readFileSync(join(dir, "service.mjs"), "utf8");
    const defined = [...bundle.matchAll(/defineEvent\(\{\s*name: "([^"]+)"/g)].map((m) => m[1]);
    expect(defined.sort()).toEqual(["contact.address.updated", "contact.tags.changed"]);

    const { stdout } = run(dir, process.execPath, [join(dir, "service.mjs")]);
    expect(JSON.parse(stdout)).toEqual({ type: "contact.tags.changed", source: "ContactsService", refused: "VALIDATION_FAILED" });
  }, 60_000);
});
