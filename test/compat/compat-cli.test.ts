import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYLOAD, runCompatCli, writeAsyncApi } from "./cli-harness.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-cli-"));
  // old: contact.created + a deprecated contact.deleted; new: email required and an email, contact.deleted gone
  writeAsyncApi(join(dir, "old"), { more: { "contact.deleted": "type: object\ndeprecated: true" } });
  writeAsyncApi(join(dir, "new"), {
    payload: PAYLOAD.replace("required: [id]", "required: [id, email]").replace("email: { type: string }", "email: { type: string, format: email }"),
  });
  writeAsyncApi(join(dir, "same"), { more: { "contact.deleted": "type: object\ndeprecated: true" } });
  writeFileSync(join(dir, "broken.yaml"), "asyncapi: 3.0.0\ninfo: [\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("eventsmith compat: output formats", () => {
  it("text: grouped per event, one line per finding", async () => {
    const run = await runCompatCli(dir, ["new", "--base", "old"]);
    expect(run).toEqual({
      exitCode: 1,
      stderr: "",
      stdout: [
        "contact.created (mode full)",
        "  error   backward new/events.yaml:24:11  `format: email` added to /email  [format 04048d18a43be832]",
        "                   base: old/events.yaml:32:11",
        "                   accept: add - { fingerprint: 04048d18a43be832, reason: \"<why this break is fine>\" } to .eventsmith-compat-ignore.yaml",
        "  error   backward new/events.yaml:25:9  property `email` became required  [property-required 6fb78b02538c2714]",
        "                   base: old/events.yaml:33:9",
        "                   accept: add - { fingerprint: 6fb78b02538c2714, reason: \"<why this break is fine>\" } to .eventsmith-compat-ignore.yaml",
        "",
        "contact.deleted (mode full)",
        "  warning backward new/events.yaml:1:1  event `contact.deleted` was removed (it was deprecated)  [event-removed 0446f7707e634023]",
        "                   base: old/events.yaml:34:5",
        "",
        "breaking: 2 breaking changes in 1 event against old (1 warning, policy lenient)",
        "",
      ].join("\n"),
    });
  });

  it("json: exactly the issue's shape, paths relative to the working directory", async () => {
    const run = await runCompatCli(dir, ["new", "--base", "old", "--format", "json"]);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      compatible: false,
      findings: [
        {
          event: "contact.created", rule: "format", direction: "backward", severity: "error", pointer: "/payload/properties/email",
          file: "new/events.yaml", line: 24, column: 11, message: "`format: email` added to /email", fingerprint: "04048d18a43be832",
          base: { file: "old/events.yaml", line: 32, column: 11 }, accept: '- { fingerprint: 04048d18a43be832, reason: "<why this break is fine>" }',
        },
        {
          event: "contact.created", rule: "property-required", direction: "backward", severity: "error", pointer: "/payload/properties/email",
          file: "new/events.yaml", line: 25, column: 9, message: "property `email` became required", fingerprint: "6fb78b02538c2714",
          base: { file: "old/events.yaml", line: 33, column: 9 }, accept: '- { fingerprint: 6fb78b02538c2714, reason: "<why this break is fine>" }',
        },
        {
          event: "contact.deleted", rule: "event-removed", direction: "backward", severity: "warning", pointer: "",
          file: "new/events.yaml", line: 1, column: 1, message: "event `contact.deleted` was removed (it was deprecated)", fingerprint: "0446f7707e634023",
          base: { file: "old/events.yaml", line: 34, column: 5 },
        },
      ],
    });
  });

  it("github: one workflow annotation per finding", async () => {
    const run = await runCompatCli(dir, ["new", "--base", "old", "--format", "github"]);
    expect(run.stdout).toBe(
      [
        "::error file=new/events.yaml,line=24,col=11,title=compat format (backward)::contact.created: `format: email` added to /email [04048d18a43be832]%0Abase: old/events.yaml:32:11%0Aaccept: add - { fingerprint: 04048d18a43be832, reason: \"<why this break is fine>\" } to .eventsmith-compat-ignore.yaml",
        "::error file=new/events.yaml,line=25,col=9,title=compat property-required (backward)::contact.created: property `email` became required [6fb78b02538c2714]%0Abase: old/events.yaml:33:9%0Aaccept: add - { fingerprint: 6fb78b02538c2714, reason: \"<why this break is fine>\" } to .eventsmith-compat-ignore.yaml",
        "::warning file=new/events.yaml,line=1,col=1,title=compat event-removed (backward)::contact.deleted: event `contact.deleted` was removed (it was deprecated) [0446f7707e634023]%0Abase: old/events.yaml:34:5",
        "::notice title=eventsmith compat::2 breaking changes in 1 event against old (1 warning, policy lenient)",
        "",
      ].join("\n"),
    );
  });

  it("junit: a test case per event, failing ones list their findings", async () => {
    const run = await runCompatCli(dir, ["new", "--base", "old", "--format", "junit"]);
    expect(run.stdout).toBe(
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="eventsmith compat" tests="2" failures="1" errors="0" skipped="0">`,
        `  <testsuite name="eventsmith compat against old" tests="2" failures="1" errors="0" skipped="0">`,
        `    <testcase classname="eventsmith.compat" name="contact.created">`,
        `      <failure message="2 breaking changes: \`format: email\` added to /email" type="compat">backward new/events.yaml:24:11 \`format: email\` added to /email [format 04048d18a43be832]`,
        `  base: old/events.yaml:32:11`,
        `  accept: add - { fingerprint: 04048d18a43be832, reason: &quot;&lt;why this break is fine&gt;&quot; } to .eventsmith-compat-ignore.yaml`,
        `backward new/events.yaml:25:9 property \`email\` became required [property-required 6fb78b02538c2714]`,
        `  base: old/events.yaml:33:9`,
        `  accept: add - { fingerprint: 6fb78b02538c2714, reason: &quot;&lt;why this break is fine&gt;&quot; } to .eventsmith-compat-ignore.yaml</failure>`,
        `    </testcase>`,
        `    <testcase classname="eventsmith.compat" name="contact.deleted">`,
        `      <system-out>backward new/events.yaml:1:1 event \`contact.deleted\` was removed (it was deprecated) [event-removed 0446f7707e634023]`,
        `  base: old/events.yaml:34:5</system-out>`,
        `    </testcase>`,
        `    <system-out>2 breaking changes in 1 event against old (1 warning, policy lenient)</system-out>`,
        `  </testsuite>`,
        `</testsuites>`,
        ``,
      ].join("\n"),
    );
  });
});

describe("eventsmith compat: exit codes", () => {
  it.each([
    { name: "compatible", args: ["same", "--base", "old"], exitCode: 0, stderr: "" },
    { name: "breaking", args: ["new", "--base", "old", "--format", "json"], exitCode: 1, stderr: "" },
    { name: "only a warning (deprecated event removed) is compatible", args: ["same", "--base", "old", "--mode", "forward"], exitCode: 0, stderr: "" },
    { name: "--base missing", args: ["new"], exitCode: 2, stderr: "eventsmith compat: either --base <git-ref|path> or --transitive is required\n" },
    { name: "--base with --transitive", args: ["new", "--base", "old", "--transitive"], exitCode: 2, stderr: "eventsmith compat: --base and --transitive exclude each other: --transitive checks every released version\n" },
    { name: "--tags without --transitive", args: ["new", "--base", "old", "--tags", "v*"], exitCode: 2, stderr: "eventsmith compat: --tags and --history go with --transitive\n" },
    { name: "--history not a count", args: ["new", "--transitive", "--history", "two"], exitCode: 2, stderr: "eventsmith compat: --history must be a positive whole number of commits (got two)\n" },
    { name: "unknown --format", args: ["new", "--base", "old", "--format", "xml"], exitCode: 2, stderr: "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, github, junit, sarif, markdown.\n" },
    { name: "catalog does not exist", args: ["nowhere", "--base", "old"], exitCode: 2, stderr: "eventsmith compat: nowhere: no such file or directory\n" },
    { name: "catalog with errors", args: ["broken.yaml", "--base", "old"], exitCode: 2, stderr: /^eventsmith compat: broken\.yaml:2:7: error yaml-syntax: .*\neventsmith compat: compat: fix the catalog errors above first\n$/ },
    { name: "base neither a path nor a revision", args: ["new", "--base", "nope"], exitCode: 2, stderr: /--base nope: no such file or directory, and .* is not in a git repository/ },
  ])("$name -> $exitCode", async ({ args, exitCode, stderr }) => {
    const run = await runCompatCli(dir, args);
    expect(run.exitCode).toBe(exitCode);
    if (typeof stderr === "string") expect(run.stderr).toBe(stderr);
    else expect(run.stderr).toMatch(stderr);
  });
});

describe("eventsmith compat: ignore file", () => {
  it("drops accepted findings by fingerprint and reports entries that match nothing", async () => {
    const file = join(dir, "accepted.yaml");
    writeFileSync(
      file,
      [
        "- fingerprint: 04048d18a43be832",
        "  reason: every producer already validates emails",
        "- fingerprint: 6fb78b02538c2714",
        "  reason: consumers upgrade first (OPS-412)",
        "- fingerprint: 0123456789abcdef",
        "  reason: an old change",
        "",
      ].join("\n"),
    );
    const run = await runCompatCli(dir, ["new", "--base", "old", "--ignore", "accepted.yaml"]);
    expect(run).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: [
        "contact.deleted (mode full)",
        "  warning backward new/events.yaml:1:1  event `contact.deleted` was removed (it was deprecated)  [event-removed 0446f7707e634023]",
        "                   base: old/events.yaml:34:5",
        "",
        "note: accepted.yaml:5:3: ignore entry 0123456789abcdef matches no finding; remove it",
        "ok: compatible with old: 2 events checked, no breaking change (1 warning, 2 ignored, policy lenient)",
        "",
      ].join("\n"),
    });
  });

  it("reads .eventsmith-compat-ignore.yaml from the working directory by default", async () => {
    const sub = join(dir, "default-ignore");
    writeAsyncApi(join(sub, "old"));
    writeAsyncApi(join(sub, "new"), { contentType: "application/avro" });
    writeFileSync(join(sub, ".eventsmith-compat-ignore.yaml"), "- fingerprint: a5d1f8e0d2cb3d37\n  reason: no consumer reads it yet\n");
    const run = await runCompatCli(sub, ["new", "--base", "old", "--format", "json"]);
    expect(run).toEqual({ exitCode: 1, stderr: expect.stringContaining("matches no finding"), stdout: expect.stringContaining('"rule": "content-type-changed"') });
    const fingerprint = (JSON.parse(run.stdout) as { findings: Array<{ fingerprint: string }> }).findings[0]!.fingerprint;
    writeFileSync(join(sub, ".eventsmith-compat-ignore.yaml"), `- fingerprint: ${fingerprint}\n  reason: no consumer reads it yet\n`);
    expect(await runCompatCli(sub, ["new", "--base", "old", "--format", "json"])).toEqual({ exitCode: 0, stderr: "", stdout: `{\n  "compatible": true,\n  "findings": []\n}\n` });
  });

  it.each([
    { text: "fingerprint: abc\n", error: "bad.yaml:1:1: must be a list of { fingerprint, reason } entries" },
    { text: "- fingerprint: 04048d18a43be832\n", error: "bad.yaml:1:3: reason is required: say why this breaking change is accepted" },
    { text: "- fingerprint: 04048d18\n  reason: x\n", error: "bad.yaml:1:3: fingerprint must be the 16 hex digits a finding shows" },
    { text: "- fingerprint: 04048d18a43be832\n  reason: x\n  until: 2027\n", error: "bad.yaml:1:3: unknown key `until` (entries have fingerprint, reason, event, rule)" },
  ])("a malformed entry is a usage error: $error", async ({ text, error }) => {
    writeFileSync(join(dir, "bad.yaml"), text);
    expect(await runCompatCli(dir, ["new", "--base", "old", "--ignore", "bad.yaml"])).toEqual({ exitCode: 2, stdout: "", stderr: `eventsmith compat: ${error}\n` });
  });
});
