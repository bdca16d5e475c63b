/**
 * eventsmith as a service gets it: `npm pack`, the tarball installed into a fresh project under
 * the OS temp dir, `eventsmith init` and `npm run codegen` there, a small service type-checked
 * without skipLibCheck under every common module setup, then compiled and run with node. The
 * broker clients are installed only at the end, so the in-process service is shown to need
 * neither.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedSpec, npmInstall, packTarball, tempProjectDir } from "../support/packed-project.js";
import { run } from "../support/run-command.js";
import { projectCompiler } from "../support/typecheck.js";

const SERVICE_SOURCES = resolve(import.meta.dirname, "../fixtures/packaging/src");
const STRICT = {
  target: "es2022",
  lib: ["es2023"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
};
const SETUPS = [
  { name: "nodenext", module: "nodenext", moduleResolution: "nodenext" },
  { name: "node16", module: "node16", moduleResolution: "node16" },
  { name: "bundler", module: "esnext", moduleResolution: "bundler" },
];

// each step spawns npm, tsc or node, which take seconds on a loaded machine
const STEP_TIMEOUT_MS = 180_000;
let project = "";
let compiler: ReturnType<typeof projectCompiler>;
let packDir = "";

/** `tsc --noEmit` in the project under one module setup, strict, without skipLibCheck. */
function typecheck(setup: (typeof SETUPS)[number], files: string[], overrides: Record<string, unknown> = {}): string {
  return compiler.check(files, { ...STRICT, module: setup.module, moduleResolution: setup.moduleResolution, ...overrides }).join("\n");
}

describe("the packed package in a fresh project", () => {
  beforeAll(() => {
    packDir = tempProjectDir("eventsmith-pack");
    project = tempProjectDir("eventsmith-service");
    const tarball = packTarball(packDir);
    writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "service", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`);
    npmInstall(project, [tarball]);
    // this repository's TypeScript checks the project (the same as its own tsc); @types/node is the user's
    npmInstall(project, [installedSpec("@types/node")], true);
    compiler = projectCompiler(project);
  }, 2 * STEP_TIMEOUT_MS);
  afterAll(() => {
    for (const dir of [project, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("eventsmith init creates the catalog and scripts, and codegen writes the SDK", () => {
    const init = run(project, "node_modules/.bin/eventsmith", ["init"]);
    expect(init.stdout).toContain("created catalog/catalog.yaml and catalog/common/schemas.yaml: one event, order.placed");
    expect(init.stdout).toContain("added to package.json scripts: codegen, codegen:check, compat");
    // eventsmith is a dependency already (installed above), so the next step is codegen
    expect(init.stdout).toContain("next:\n  npm run codegen");
    const codegen = run(project, "npm", ["run", "-s", "codegen"]);
    expect(codegen.stdout).toMatch(/^codegen: 1 events -> generated: \d+ written, 0 unchanged, 0 removed/);
    expect(run(project, "npm", ["run", "-s", "codegen:check"]).status).toBe(0);
  }, STEP_TIMEOUT_MS);

  it.each(SETUPS)("the service and the SDK type-check under $name without skipLibCheck", (setup) => {
    cpSync(SERVICE_SOURCES, join(project, "src"), { recursive: true });
    expect(typecheck(setup, ["src/service.ts"])).toBe("");
  }, STEP_TIMEOUT_MS);

  it("the service runs with node: a subscriber receives the typed event, an invalid payload is refused", () => {
    const build = { ...STRICT, module: "nodenext", moduleResolution: "nodenext", outDir: "build", rootDir: "." };
    expect(compiler.emit(["src/service.ts"], build)).toEqual([]);
    const service = run(project, "node", ["build/src/service.js"], { timeoutMs: 30_000 });
    expect(service.stdout).toBe(
      "order.placed ord-1 at 2026-01-27T10:00:00Z from checkout\n" + "refused: PublishValidationError\n",
    );
    // nothing of the broker clients was needed for that
    const installed = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(installed.dependencies)).toEqual(["eventsmith"]);
  }, STEP_TIMEOUT_MS);

  it.each(SETUPS)("every entry point's types check under $name, and each loads (broker clients installed)", (setup) => {
    if (setup === SETUPS[0]) {
      npmInstall(project, ["@nats-io/jetstream", "@nats-io/nats-core", "@nats-io/transport-node", "ioredis"].map(installedSpec));
    }
    // @nats-io/nats-core 3.x's own .d.ts break exactOptionalPropertyTypes (MsgImpl.headers), not ours
    expect(typecheck(setup, ["src/entry-points.ts"], { exactOptionalPropertyTypes: false })).toBe("");
    if (setup === SETUPS[0]) {
      const load = "for (const e of ['eventsmith', 'eventsmith/runtime', 'eventsmith/testing', 'eventsmith/nats', 'eventsmith/redis']) console.log(e, Object.keys(await import(e)).length > 0);";
      expect(run(project, "node", ["--input-type=module", "-e", load]).stdout).toBe(
        "eventsmith true\neventsmith/runtime true\neventsmith/testing true\neventsmith/nats true\neventsmith/redis true\n",
      );
    }
  }, STEP_TIMEOUT_MS);
});
