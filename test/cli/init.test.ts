/**
 * `eventsmith init` in an existing npm project: what it writes, what it says, and the projects it
 * refuses (they could not import the generated ESM) with the exact setting to change.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../generator/cli/io.js";
import { main } from "../../generator/cli/main.js";
import { outputDir } from "../support/output-dir.js";

function project(files: Record<string, string>) {
  const dir = outputDir("init");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const io = { cwd: dir, isTTY: false, exitCode: 0, out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return { dir, io };
}
const run = (io: CliIO, ...args: string[]) => main(["node", "eventsmith", ...args], io);
const ESM = JSON.stringify({ name: "svc", version: "1.0.0", type: "module", dependencies: { eventsmith: "^0.1.0" } }, null, 2);

describe("eventsmith init", () => {
  const refusals: { name: string; given: Record<string, string>; want: string }[] = [
    { name: "no package.json", given: {}, want: "no package.json in" },
    { name: "a CommonJS project", given: { "package.json": '{ "name": "svc" }' }, want: 'set "type": "module" in package.json (`npm pkg set type=module`)' },
    { name: 'an explicit "type": "commonjs"', given: { "package.json": '{ "type": "commonjs" }' }, want: 'set "type": "module"' },
    { name: "package.json that is not JSON", given: { "package.json": "{ name: svc" }, want: "package.json is not valid JSON" },
    {
      name: "a tsconfig emitting CommonJS",
      given: { "package.json": ESM, "tsconfig.json": '{ "compilerOptions": { "module": "commonjs" } }' },
      want: 'set "module": "nodenext" (Node) or "module": "esnext" with "moduleResolution": "bundler"',
    },
    {
      name: "a tsconfig that cannot resolve package exports",
      given: { "package.json": ESM, "tsconfig.json": '{ "compilerOptions": { "module": "esnext", "moduleResolution": "node" } }' },
      want: 'set "module": "nodenext"',
    },
  ];
  it.each(refusals)("refuses $name with what to set, writing nothing (exit 2)", async ({ given, want }) => {
    const { dir, io } = project(given);
    expect(await run(io, "init")).toBe(2);
    expect(io.err).toContain(want);
    expect(existsSync(join(dir, "catalog"))).toBe(false);
    if (given["package.json"] !== undefined) expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(given["package.json"]);
  });

  const accepted: { name: string; tsconfig?: string }[] = [
    { name: "no tsconfig" },
    { name: "module nodenext", tsconfig: '{ "compilerOptions": { "module": "nodenext" } }' },
    { name: "module node16", tsconfig: '{ "compilerOptions": { "module": "node16" } }' },
    // a tsconfig may have comments and trailing commas
    { name: "bundler", tsconfig: '{\n  // Vite\n  "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", },\n}' },
  ];
  it.each(accepted)("adopts a project with $name: starter catalog, scripts, next steps", async ({ tsconfig }) => {
    const { dir, io } = project({ "package.json": ESM, ...(tsconfig ? { "tsconfig.json": tsconfig } : {}) });
    expect(await run(io, "init")).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts).toEqual({
      codegen: "eventsmith codegen catalog --out generated",
      "codegen:check": "eventsmith codegen catalog --out generated --check",
      compat: "eventsmith compat catalog --base origin/main",
    });
    expect(io.out).toBe(
      "eventsmith init:\n" +
        "  created catalog/catalog.yaml and catalog/common/schemas.yaml: one event, order.placed\n" +
        "  added to package.json scripts: codegen, codegen:check, compat\n" +
        "next:\n" +
        "  npm run codegen          # writes generated/ from catalog/ (commit both)\n" +
        '  import { createEventBus } from "./generated/index.js"   # in your service\n' +
        "  npm run codegen:check && npm run compat   # in CI\n",
    );
    // what the scripts run: the starter catalog validates and compiles, and is up to date after
    expect(await run(io, "codegen", "catalog", "--out", "generated")).toBe(0);
    expect(await run(io, "codegen", "catalog", "--out", "generated", "--check")).toBe(0);
    expect(readFileSync(join(dir, "generated/event-map.ts"), "utf8")).toContain('"order.placed"');
  });

  it("keeps an existing catalog and the user's own scripts, says so, and keeps the file's indentation", async () => {
    const manifest = JSON.stringify({ name: "svc", type: "module", scripts: { codegen: "make gen" } }, null, 4);
    const { dir, io } = project({ "package.json": manifest, "catalog/mine.yaml": "asyncapi: 3.0.0\n" });
    expect(await run(io, "init")).toBe(0);
    expect(readFileSync(join(dir, "catalog/mine.yaml"), "utf8")).toBe("asyncapi: 3.0.0\n");
    expect(existsSync(join(dir, "catalog/catalog.yaml"))).toBe(false);
    const written = readFileSync(join(dir, "package.json"), "utf8");
    expect(written).toContain('\n    "scripts": {\n        "codegen": "make gen",');
    expect(JSON.parse(written).scripts["codegen:check"]).toBe("eventsmith codegen catalog --out generated --check");
    expect(io.out).toContain("  kept catalog/: it exists and is not empty\n");
    expect(io.out).toContain('  kept your "codegen" script (make gen); eventsmith\'s would be: eventsmith codegen catalog --out generated\n');
    expect(io.out).toContain("  added to package.json scripts: codegen:check, compat\n");
    // eventsmith is not a dependency yet: the first next step installs it
    expect(io.out).toContain("next:\n  npm install eventsmith   # the generated SDK imports eventsmith/runtime at run time\n");
  });

  it("asks to move eventsmith out of devDependencies: the service imports it at run time", async () => {
    const { io } = project({ "package.json": JSON.stringify({ type: "module", devDependencies: { eventsmith: "^0.1.0" } }) });
    expect(await run(io, "init")).toBe(0);
    expect(io.out).toContain("next:\n  move eventsmith from devDependencies to dependencies: the generated SDK imports eventsmith/runtime at run time\n");
  });

  it("is idempotent: a second run changes nothing", async () => {
    const { dir, io } = project({ "package.json": ESM });
    expect(await run(io, "init")).toBe(0);
    const after = readFileSync(join(dir, "package.json"), "utf8");
    io.out = "";
    expect(await run(io, "init", "--title", "Other")).toBe(0);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(after);
    expect(io.out).toContain("kept catalog/");
    expect(io.out).not.toContain("added to package.json");
  });
});
