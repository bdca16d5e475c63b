/**
 * Where findings point: at the node of the NEW catalog that changed (for a removal, the parent
 * that lost it), with the base catalog's node given separately. A mapping value is located at
 * its key (`payload:`, `City:`), the line a reviewer looks for. Each case names the lines by
 * their text, so the expectation reads like the YAML a reviewer sees in the pull request.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCompatCli, writeAsyncApi } from "./cli-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-locations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const closed = (properties: string, required: string) => `type: object
properties:
${properties}
required: [${required}]
additionalProperties: false`;

interface Finding {
  rule: string;
  direction: string;
  file: string;
  line: number;
  column: number;
  base?: { file: string; line: number; column: number };
}

/** `file:line` of the first line containing `text` (after `after`, when given). */
function lineOf(file: string, text: string, after?: string): string {
  const lines = readFileSync(join(dir, file), "utf8").split("\n");
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const index = lines.findIndex((l, i) => i >= from && l.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return `${file}:${index + 1}`;
}

describe("compat locations: the new file, the base beside it", () => {
  it.each([
    {
      name: "a required field removed from a closed object: the object that lost it, and the required list",
      old: closed("  id: { type: string }\n  email: { type: string }", "id, email"),
      now: closed("  id: { type: string }", "id"),
      want: [
        { rule: "property-not-allowed", direction: "backward", at: ["payload:"], base: ["email: { type: string }"] },
        { rule: "property-required", direction: "forward", at: ["required: [id]"], base: ["required: [id, email]"] },
      ],
    },
    {
      name: "no longer required: the required list, not additionalProperties",
      old: closed("  id: { type: string }\n  email: { type: string }", "id, email"),
      now: closed("  id: { type: string }\n  email: { type: string }", "id"),
      want: [{ rule: "property-required", direction: "forward", at: ["required: [id]"], base: ["required: [id, email]"] }],
    },
    {
      name: "an optional field added to a closed object: the new property",
      old: closed("  id: { type: string }", "id"),
      now: closed("  id: { type: string }\n  phone: { type: string }", "id"),
      want: [{ rule: "property-not-allowed", direction: "forward", at: ["phone: { type: string }"], base: ["payload:"] }],
    },
    {
      name: "a format added: the property in the new file",
      old: closed("  id: { type: string }", "id"),
      now: closed("  id: { type: string, format: uuid }", "id"),
      want: [{ rule: "format", direction: "backward", at: ["id: { type: string, format: uuid }"], base: ["id: { type: string }"] }],
    },
  ])("$name", async ({ name, old, now, want }) => {
    const slug = name.replace(/\W+/g, "-").slice(0, 40);
    writeAsyncApi(join(dir, slug, "old"), { payload: old });
    writeAsyncApi(join(dir, slug, "new"), { payload: now });
    const run = await runCompatCli(join(dir, slug), ["new", "--base", "old", "--format", "json"]);
    const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
    const where = (file: string, [text, after]: string[]) => lineOf(`${slug}/${file}`, text!, after).slice(slug.length + 1);
    expect(findings.map((f) => ({ rule: f.rule, direction: f.direction, at: `${f.file}:${f.line}`, base: f.base && `${f.base.file}:${f.base.line}` }))).toEqual(
      want.map((w) => ({ rule: w.rule, direction: w.direction, at: where("new/events.yaml", w.at), base: where("old/events.yaml", w.base) })),
    );
  });

  it("a change inside a shared component ($ref): the component's node in the new file", async () => {
    const component = (city: string) =>
      ["asyncapi: 3.0.0", "info: { title: Places, version: 1.0.0 }", "channels:", "  placed:", "    address: place.created", "    messages:",
        "      placed: { $ref: '#/components/messages/placed' }", "components:", "  messages:", "    placed:", "      name: place.created",
        "      payload: { $ref: '#/components/schemas/Place' }", "  schemas:", "    Place:", "      type: object", "      properties:",
        "        city: { $ref: '#/components/schemas/City' }", "    City:", `      ${city}`, ""].join("\n");
    for (const [side, city] of [["old", "type: string"], ["new", "{ type: string, maxLength: 10 }"]] as const) {
      mkdirSync(join(dir, "ref", side), { recursive: true });
      writeFileSync(join(dir, "ref", side, "events.yaml"), component(city).replace(`      ${city}`, city.startsWith("{") ? `      type: string\n      maxLength: 10` : `      ${city}`));
    }
    const run = await runCompatCli(join(dir, "ref"), ["new", "--base", "old", "--format", "json"]);
    const [finding] = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
    expect({ rule: finding!.rule, at: `${finding!.file}:${finding!.line}`, base: `${finding!.base!.file}:${finding!.base!.line}` }).toEqual({
      rule: "string-length",
      at: lineOf("ref/new/events.yaml", "City:").replace("ref/", ""),
      base: lineOf("ref/old/events.yaml", "City:").replace("ref/", ""),
    });
  });
});

describe("compat locations: a file the pull request deleted", () => {
  it("keeps the base location, and github gets an annotation without a file", async () => {
    writeAsyncApi(join(dir, "deleted", "old"));
    writeAsyncApi(join(dir, "deleted", "extra"), { payload: "type: object" });
    const extra = readFileSync(join(dir, "deleted", "extra", "events.yaml"), "utf8").replaceAll("contact.created", "contact.merged").replaceAll("contactCreated", "contactMerged");
    writeFileSync(join(dir, "deleted", "extra", "events.yaml"), extra);
    renameSync(join(dir, "deleted", "extra", "events.yaml"), join(dir, "deleted", "old", "merged.yaml"));
    writeAsyncApi(join(dir, "deleted", "new"));
    const json = await runCompatCli(join(dir, "deleted"), ["new", "--base", "old", "--format", "json"]);
    const findings = (JSON.parse(json.stdout) as { findings: Finding[] }).findings;
    expect(findings.map((f) => ({ rule: f.rule, at: `${f.file}:${f.line}`, base: f.base && `${f.base.file}:${f.base.line}` }))).toEqual([
      { rule: "event-removed", at: lineOf("deleted/old/merged.yaml", "contactMerged:", "components:").replace("deleted/", ""), base: lineOf("deleted/old/merged.yaml", "contactMerged:", "components:").replace("deleted/", "") },
    ]);
    const github = await runCompatCli(join(dir, "deleted"), ["new", "--base", "old", "--format", "github"]);
    expect(github.stdout.split("\n")[0]).toMatch(/^::error title=compat event-removed \(backward\)::contact\.merged: event `contact\.merged` was removed/);
  });
});
