/**
 * The IR cache: a git base is found by its tree hash and not read again, a directory by its
 * content; a changed catalog is a new key, `--no-cache` reads nothing from it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYLOAD, runCompatCli, writeAsyncApi } from "./cli-harness.js";

let repo: string;
const cacheDir = () => join(repo, "node_modules", ".cache", "eventsmith", "compat");
const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", GIT_CONFIG_NOSYSTEM: "1" },
  });

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "eventsmith-compat-cache-"));
  git("init", "-q", "-b", "main");
  writeFileSync(join(repo, ".gitignore"), "node_modules\n");
  writeAsyncApi(join(repo, "catalog"));
  git("add", ".");
  git("commit", "-q", "-m", "catalog");
  writeAsyncApi(join(repo, "catalog"), { payload: PAYLOAD.replace("required: [id]", "required: [id, email]") });
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** The compiled catalogs in the cache (files/ holds parsed files, parse-cache.test.ts). */
const irEntries = () => readdirSync(cacheDir()).filter((name) => name.endsWith(".json")).sort();

/** The base location the JSON report gives for its one finding. */
async function baseLine(args: string[] = []): Promise<number> {
  const run = await runCompatCli(repo, ["--base", "HEAD", "--format", "json", ...args]);
  return (JSON.parse(run.stdout) as { findings: Array<{ base: { line: number } }> }).findings[0]!.base.line;
}

describe("compat IR cache", () => {
  it("stores the base (by git tree) and the new catalog (by content), and reads the base from it next time", async () => {
    const first = await baseLine();
    const entries = irEntries();
    expect(entries).toHaveLength(2);
    // the base's entry is the one whose IR has no `email` in `required`: mark a location in it, and see it come back
    const baseEntry = entries.find((name) => !readFileSync(join(cacheDir(), name), "utf8").includes('"required":["id","email"]'))!;
    const text = readFileSync(join(cacheDir(), baseEntry), "utf8");
    writeFileSync(join(cacheDir(), baseEntry), text.replaceAll(`"line":${first},`, `"line":${first + 1000},`));
    expect(await baseLine()).toBe(first + 1000);
    expect(await baseLine(["--no-cache"])).toBe(first);
  });

  it("a new revision of the base is a new key; a corrupt entry is a miss", async () => {
    git("commit", "-q", "-am", "email required");
    writeAsyncApi(join(repo, "catalog"), { payload: PAYLOAD.replace("required: [id]", "required: [id, email]").replace("email: { type: string }", "email: { type: string, format: email }") });
    for (const name of irEntries()) writeFileSync(join(cacheDir(), name), "{ not json");
    const run = await runCompatCli(repo, ["--base", "HEAD", "--format", "json"]);
    expect((JSON.parse(run.stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule)).toEqual(["format"]);
  });
});
