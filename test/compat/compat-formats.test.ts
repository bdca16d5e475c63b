/**
 * The SARIF and Markdown formats: SARIF validated against the SARIF 2.1.0 JSON Schema (vendored
 * in test/fixtures/sarif), Markdown compared whole.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYLOAD, runCompatCli, writeAsyncApi } from "./cli-harness.js";
import { sarifValidator } from "./sarif-schema.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-formats-"));
  writeAsyncApi(join(dir, "old"), { more: { "contact.deleted": "type: object" }, consumers: ["billing"] });
  writeAsyncApi(join(dir, "new"), { payload: PAYLOAD.replace("required: [id]", "required: [id, email]"), consumers: ["billing"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("compat --format sarif", () => {
  it("is valid SARIF 2.1.0: a result per finding at the new file, the base as a related location", async () => {
    const run = await runCompatCli(dir, ["new", "--base", "old", "--format", "sarif"]);
    expect(run.exitCode).toBe(1);
    const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = log.runs[0]!.results.map((r) => ({
      ruleId: r["ruleId"],
      level: r["level"],
      at: (r["locations"] as Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> | undefined)?.map(
        (l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`,
      ),
      base: (r["relatedLocations"] as Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>).map(
        (l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`,
      ),
      fingerprint: (r["partialFingerprints"] as Record<string, string>)["eventsmithCompat/v1"],
      services: (r["properties"] as { services?: Array<{ service: string }> }).services?.map((s) => s.service),
    }));
    expect(results).toEqual([
      { ruleId: "property-required", level: "error", at: ["new/events.yaml:29"], base: ["old/events.yaml:37"], fingerprint: "6fb78b02538c2714", services: ["billing"] },
      { ruleId: "event-removed", level: "error", at: ["new/events.yaml:1"], base: ["old/events.yaml:38"], fingerprint: "0446f7707e634023", services: ["Contacts"] },
    ]);
  });

  it("stays valid with no finding at all", async () => {
    const run = await runCompatCli(dir, ["old", "--base", "old", "--format", "sarif"]);
    expect(run.exitCode).toBe(0);
    expect(sarifValidator()(JSON.parse(run.stdout))).toBe(true);
  });
});

describe("compat --format markdown", () => {
  it("is a pull-request comment: verdict, a row per finding, the ignore entries that accept them", async () => {
    const run = await runCompatCli(dir, ["new", "--base", "old", "--format", "markdown"]);
    expect(run.stdout).toBe(
      [
        "### eventsmith compat: breaking",
        "",
        "2 breaking changes in 2 events against old (policy lenient)",
        "",
        "| | event | change | where | breaks |",
        "|---|---|---|---|---|",
        "| ❌ | `contact.created` | property `email` became required (backward, `property-required`) | `new/events.yaml:29:9`<br>base `old/events.yaml:37:9` | consumer **billing** |",
        "| ❌ | `contact.deleted` | event `contact.deleted` was removed (backward, `event-removed`) | `new/events.yaml:1:1`<br>base `old/events.yaml:38:5` | producer **Contacts** |",
        "",
        "<details><summary>To accept these breaking changes, add to <code>.eventsmith-compat-ignore.yaml</code></summary>",
        "",
        "```yaml",
        '- { fingerprint: 6fb78b02538c2714, reason: "<why this break is fine>" }',
        '- { fingerprint: 0446f7707e634023, reason: "<why this break is fine>" }',
        "```",
        "",
        "</details>",
        "",
      ].join("\n"),
    );
  });
});
