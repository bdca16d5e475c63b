import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYLOAD, runCompatCli, writeAsyncApi } from "./cli-harness.js";

let dir: string;
let repo: string;
let shallow: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", GIT_CONFIG_NOSYSTEM: "1" },
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-git-"));
  repo = join(dir, "repo");
  shallow = join(dir, "shallow");
  git(dir, "init", "-q", "-b", "main", repo);
  // commit 1: no catalog yet; commit 2: the catalog; commit 3: a breaking change
  writeFileSync(join(repo, "README.md"), "service\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "start");
  writeAsyncApi(join(repo, "catalog"));
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "catalog");
  writeAsyncApi(join(repo, "catalog"), { payload: PAYLOAD.replace("required: [id]", "required: [id, email]") });
  git(repo, "commit", "-q", "-am", "email required");
  git(dir, "clone", "-q", "--depth", "2", `file://${repo}`, shallow);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const breaking = {
  compatible: false,
  findings: [
    {
      event: "contact.created", rule: "property-required", direction: "backward", severity: "error", pointer: "/payload/properties/email",
      file: "catalog/events.yaml", line: 25, column: 9, message: "property `email` became required", fingerprint: "6fb78b02538c2714",
      base: { file: "catalog/events.yaml", line: 25, column: 9 }, accept: '- { fingerprint: 6fb78b02538c2714, reason: "<why this break is fine>" }',
    },
  ],
};

describe("eventsmith compat --base <git revision>", () => {
  it("reads the base with git: HEAD~1 against the working tree", async () => {
    const run = await runCompatCli(repo, ["--base", "HEAD~1", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(breaking);
  });

  it("works the same from a shallow clone (git clone --depth 2)", async () => {
    const run = await runCompatCli(shallow, ["catalog", "--base", "HEAD~1", "--format", "json"]);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(breaking);
  });

  it("checks only the direction asked for", async () => {
    const run = await runCompatCli(repo, ["--base", "HEAD~1", "--mode", "forward"]);
    expect(run).toEqual({ exitCode: 0, stderr: "", stdout: "ok: compatible with HEAD~1: 1 event checked, no breaking change (policy lenient)\n" });
  });

  it("points a removal at the new file (the document that lost the event), the base location beside it", async () => {
    writeAsyncApi(join(repo, "catalog"), { payload: "type: object", more: {} });
    writeFileSync(join(repo, "catalog", "events.yaml"), readFileSync(join(repo, "catalog", "events.yaml"), "utf8").replaceAll("contact.created", "contact.made"));
    try {
      const run = await runCompatCli(repo, ["--base", "HEAD", "--format", "github"]);
      expect(run.stdout).toBe(
        "::error file=catalog/events.yaml,line=1,col=1,title=compat event-removed (backward)::contact.created: event `contact.created` was removed [c6b20d517a90ebd9]" +
          "%0Abase: catalog/events.yaml:17:5%0Abreaks: producer Contacts (sends an event the catalog no longer has)" +
          '%0Aaccept: add - { fingerprint: c6b20d517a90ebd9, reason: "<why this break is fine>" } to .eventsmith-compat-ignore.yaml\n' +
          "::notice title=eventsmith compat::1 breaking change in 1 event against HEAD (policy lenient)\n",
      );
    } finally {
      git(repo, "checkout", "-q", "--", "catalog");
    }
  });

  it("says so when the base has no catalog: every event is new", async () => {
    expect(await runCompatCli(repo, ["catalog", "--base", "HEAD~2"])).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: "note: base HEAD~2 has no catalog at catalog: every event is new, so nothing can break\nok: compatible with HEAD~2: 1 event checked, no breaking change (policy lenient)\n",
    });
    const json = await runCompatCli(repo, ["catalog", "--base", "HEAD~2", "--format", "json"]);
    expect(json).toEqual({
      exitCode: 0,
      stdout: `{\n  "compatible": true,\n  "findings": []\n}\n`,
      stderr: "eventsmith compat: base HEAD~2 has no catalog at catalog: every event is new, so nothing can break\n",
    });
  });

  it("a revision the shallow clone lacks is a usage error that says how to fetch it", async () => {
    const run = await runCompatCli(shallow, ["catalog", "--base", "HEAD~2"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("eventsmith compat: --base HEAD~2: not a file, directory or git revision here (in a shallow clone, fetch it first, e.g. git fetch --depth=2 origin)\n");
  });

  it("leaves no temporary checkout behind and never touches the index or working tree", async () => {
    const before = git(repo, "status", "--porcelain");
    await runCompatCli(repo, ["--base", "HEAD~1"]);
    expect(git(repo, "status", "--porcelain")).toBe(before);
  });
});
