import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyChanges } from "../../bench/compat-changes.js";
import { syntheticCatalog, writeCatalog } from "../../bench/synthetic-catalog.js";
import { runCompatCli } from "./cli-harness.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-worker-"));
  // 200 events: past the size at which the base is compiled in a worker thread
  const original = syntheticCatalog({ events: 200 });
  writeCatalog(join(dir, "before"), original);
  writeCatalog(join(dir, "after"), applyChanges(original, 10).files);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("compiling the base in a worker thread", () => {
  it("gives the same report as compiling both in one thread", async () => {
    // vitest runs the sources without tsx: no worker here; the child process (tsx) uses one
    const root = join(__dirname, "../..");
    const args = [join(dir, "after"), "--base", join(dir, "before"), "--format", "json"];
    const inThread = await runCompatCli(root, args);
    const child = spawnSync(process.execPath, ["--conditions=eventsmith-source", "--import", "tsx", "test/compat/compat-from-sources.ts", ...args], { cwd: root, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(1);
    expect(JSON.parse(child.stdout)).toEqual(JSON.parse(inThread.stdout));
    expect((JSON.parse(inThread.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
