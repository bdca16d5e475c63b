/**
 * `compat --transitive` over a scripted git history: the working tree against every release
 * (tags matching `--tags`, or the last `--history` commits that touched the catalog), each
 * finding naming the releases it breaks and each release its verdict.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCompatCli, writeAsyncApi } from "./cli-harness.js";
import { sarifValidator } from "./sarif-schema.js";

let dir: string;
let repo: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", GIT_CONFIG_NOSYSTEM: "1" },
  });

const payload = (maxLength: number, required: string) => `type: object
properties:
  id: { type: string }
  name: { type: string, maxLength: ${maxLength} }
  email: { type: string }
required: [${required}]`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-transitive-"));
  repo = join(dir, "repo");
  git(dir, "init", "-q", "-b", "main", repo);
  // v1.0.0: name up to 100; rc-2: name up to 50 (a break released then); a commit that leaves the catalog alone;
  // the working tree: email becomes required as well
  writeAsyncApi(join(repo, "catalog"), { payload: payload(100, "id"), consumers: ["billing"] });
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "catalog");
  git(repo, "tag", "v1.0.0");
  writeAsyncApi(join(repo, "catalog"), { payload: payload(50, "id"), consumers: ["billing"] });
  git(repo, "commit", "-q", "-am", "shorter names");
  git(repo, "tag", "-a", "v1.1.0", "-m", "release 1.1.0");
  git(repo, "tag", "rc-2");
  git(repo, "tag", "old-2");
  writeFileSync(join(repo, "README.md"), "service\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "readme");
  // a side branch whose catalog does not load: tagged old-1
  git(repo, "checkout", "-q", "-b", "side");
  writeFileSync(join(repo, "catalog", "events.yaml"), "asyncapi: 3.0.0\ninfo: [\n");
  git(repo, "commit", "-q", "-am", "broken");
  git(repo, "tag", "old-1");
  git(repo, "checkout", "-q", "main");
  writeAsyncApi(join(repo, "catalog"), { payload: payload(50, "id, email"), consumers: ["billing"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  compatible: boolean;
  findings: Array<{ event: string; rule: string; direction: string; releases: string[]; file: string; base?: { file: string } }>;
  releases: Array<{ version: string; compatible: boolean; breaking: number }>;
}

const summary = (report: Report) => ({
  compatible: report.compatible,
  findings: report.findings.map((f) => `${f.event} ${f.rule} ${f.direction} breaks ${f.releases.join(", ")}`),
  releases: report.releases.map((r) => `${r.version}: ${r.compatible ? "ok" : `${r.breaking} breaking`}`),
});

describe("eventsmith compat --transitive", () => {
  it.each([
    {
      name: "tags v* (the default), newest first: each change names the releases it breaks",
      args: [],
      want: {
        compatible: false,
        findings: ["contact.created property-required backward breaks v1.1.0, v1.0.0", "contact.created string-length backward breaks v1.0.0"],
        releases: ["v1.1.0: 1 breaking", "v1.0.0: 2 breaking"],
      },
    },
    {
      name: "--tags picks other tags",
      args: ["--tags", "rc-*"],
      want: { compatible: false, findings: ["contact.created property-required backward breaks rc-2"], releases: ["rc-2: 1 breaking"] },
    },
    {
      name: "--history 1: the last commit that touched the catalog (not the README one)",
      args: ["--history", "1"],
      want: { compatible: false, findings: ["contact.created property-required backward breaks <c2>"], releases: ["<c2>: 1 breaking"] },
    },
    {
      name: "--history 5: every commit that touched it",
      args: ["--history", "5"],
      want: {
        compatible: false,
        findings: ["contact.created property-required backward breaks <c2>, <c1>", "contact.created string-length backward breaks <c1>"],
        releases: ["<c2>: 1 breaking", "<c1>: 2 breaking"],
      },
    },
    { name: "no matching tag: nothing to check against", args: ["--tags", "release-*"], want: { compatible: true, findings: [], releases: [] } },
  ])("$name", async ({ args, want }) => {
    const [c2, c1] = git(repo, "log", "--format=%h", "--", "catalog").trim().split("\n");
    const run = await runCompatCli(repo, ["--transitive", ...args, "--format", "json"]);
    expect(run.exitCode).toBe(want.compatible ? 0 : 1);
    const named = (text: string) => text.replaceAll("<c2>", c2!).replaceAll("<c1>", c1!);
    expect(summary(JSON.parse(run.stdout) as Report)).toEqual({ ...want, findings: want.findings.map(named), releases: want.releases.map(named) });
  });

  it("text: the verdict per release in the summary, the releases beside each finding, locations in the working tree", async () => {
    const run = await runCompatCli(repo, ["--transitive"]);
    const lines = run.stdout.split("\n");
    expect(lines.filter((l) => l.includes("breaks release"))).toEqual([
      "                   breaks releases: v1.1.0, v1.0.0",
      "                   breaks release: v1.0.0",
    ]);
    expect(lines.filter((l) => /^ {2}error/.test(l)).map((l) => l.split(/\s+/)[3])).toEqual(["catalog/events.yaml:30:9", "catalog/events.yaml:28:11"]);
    expect(lines.at(-2)).toBe("breaking: 2 breaking changes in 1 event against tags v* (v1.1.0: 1 breaking, v1.0.0: 2 breaking, policy lenient)");
  });

  it("sarif (valid) and markdown carry the releases each finding breaks", async () => {
    const sarif = JSON.parse((await runCompatCli(repo, ["--transitive", "--format", "sarif"])).stdout) as {
      runs: Array<{ results: Array<{ properties: { releases: string[] } }>; properties: { releases: unknown[] } }>;
    };
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0]!.results.map((r) => r.properties.releases)).toEqual([["v1.1.0", "v1.0.0"], ["v1.0.0"]]);
    expect(sarif.runs[0]!.properties.releases).toHaveLength(2);
    const markdown = (await runCompatCli(repo, ["--transitive", "--format", "markdown"])).stdout;
    expect(markdown.split("\n").filter((l) => l.startsWith("| ❌"))).toEqual([
      "| ❌ | `contact.created` | property `email` became required (backward, `property-required`)<br>breaks `v1.1.0`, `v1.0.0` | `catalog/events.yaml:30:9`<br>base `catalog/events.yaml:30:9` | consumer **billing** |",
      "| ❌ | `contact.created` | `maxLength` changed from 100 to 50 at /name (backward, `string-length`)<br>breaks `v1.0.0` | `catalog/events.yaml:28:11`<br>base `catalog/events.yaml:28:11` | consumer **billing** |",
    ]);
  });

  it("a release whose catalog has errors is named as not checked, and the others are still checked", async () => {
    const run = await runCompatCli(repo, ["--transitive", "--tags", "old-*"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/\nnote: release old-1 NOT CHECKED: its catalog has errors here \(base old-1: catalog\/events\.yaml:2:7: error yaml-syntax: `\[` is never closed[^\n]*\)\n/);
    expect(run.stdout.split("\n").at(-2)).toBe("breaking: 1 breaking change in 1 event against tags old-* (old-2: 1 breaking, old-1: not checked, policy lenient)");
  });

  it("an accepted change is accepted against every release", async () => {
    const first = JSON.parse((await runCompatCli(repo, ["--transitive", "--format", "json"])).stdout) as { findings: Array<{ fingerprint: string }> };
    writeFileSync(join(repo, "accepted.yaml"), first.findings.map((f) => `- fingerprint: ${f.fingerprint}\n  reason: consumers upgrade first\n`).join(""));
    try {
      const run = await runCompatCli(repo, ["--transitive", "--ignore", "accepted.yaml"]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe("ok: compatible with tags v*: 1 event checked, no breaking change (v1.1.0: ok, v1.0.0: ok, 2 ignored, policy lenient)\n");
    } finally {
      rmSync(join(repo, "accepted.yaml"));
    }
  });

  it("outside a git repository it is a usage error", async () => {
    writeAsyncApi(join(dir, "plain", "catalog"));
    expect(await runCompatCli(join(dir, "plain"), ["--transitive"])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `eventsmith compat: --transitive: ${join(dir, "plain")} is not in a git repository (released versions are read from git)\n`,
    });
  });
});
