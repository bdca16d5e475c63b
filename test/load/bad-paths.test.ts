/**
 * Bad paths are errors, never "no problems": a path that names nothing, an empty, binary or
 * non-YAML file, a folder with no AsyncAPI document, a file nobody reads (a misspelt root key),
 * and a document with no events. Each through `validate` as the binary runs it: code, location,
 * exit status; and `codegen` of an event-less catalog gives an SDK that passes tsc --strict.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.js";
import { typecheck } from "../support/typecheck.js";

const OUTPUT = resolve(import.meta.dirname, "../.output");

/** Random-looking bytes, fixed: a PNG header then noise. */
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)]);

const EVENTLESS = `asyncapi: 3.0.0
info:
  title: Nothing yet
  version: 1.0.0
  description: Channels with no messages.
channels:
  pings:
    address: pings
    description: Pings.
`;

const DOCUMENT = `asyncapi: 3.0.0
info:
  title: Accounts
  version: 1.0.0
  description: Account events.
channels:
  opened:
    address: account.opened
    description: Accounts as they open.
    messages:
      opened:
        name: account.opened
        summary: An account was opened.
        payload:
          type: object
`;

function workspace(files: Record<string, string | Buffer>): string {
  mkdirSync(OUTPUT, { recursive: true });
  const dir = mkdtempSync(join(OUTPUT, "bad-paths-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const cli = (cwd: string, ...args: string[]) => runCliInProcess(cwd, args);

const cases: Array<{ name: string; files: Record<string, string | Buffer>; path: string; want: { exitCode: number; diagnostics: string[] } }> = [
  {
    name: "a path that names nothing",
    files: {},
    path: "nowhere",
    want: { exitCode: 1, diagnostics: ["nowhere:1:1 error catalog-missing nowhere: no such file or directory; give the catalog directory or an AsyncAPI file"] },
  },
  {
    name: "an empty file",
    files: { "asyncapi.yaml": "" },
    path: "asyncapi.yaml",
    want: { exitCode: 1, diagnostics: ["asyncapi.yaml:1:1 error file-empty asyncapi.yaml is empty: a catalog file holds an AsyncAPI document (`asyncapi: 3.0.0` ...) or parts of one that documents $ref"] },
  },
  {
    name: "a file of blank lines",
    files: { "catalog/asyncapi.yaml": "\n  \n\n" },
    path: "catalog",
    want: { exitCode: 1, diagnostics: ["catalog/asyncapi.yaml:1:1 error file-empty asyncapi.yaml is empty: a catalog file holds an AsyncAPI document (`asyncapi: 3.0.0` ...) or parts of one that documents $ref"] },
  },
  {
    name: "4 KB of binary",
    files: { "asyncapi.yaml": BINARY },
    path: "asyncapi.yaml",
    want: { exitCode: 1, diagnostics: ["asyncapi.yaml:1:1 error file-binary asyncapi.yaml is not a text file (binary data at character 1); catalog files are YAML or JSON in UTF-8"] },
  },
  {
    name: "prose in a .yaml file",
    files: { "asyncapi.yaml": "These are the events of the billing service.\n" },
    path: "asyncapi.yaml",
    want: { exitCode: 1, diagnostics: ["asyncapi.yaml:1:1 error file-not-yaml asyncapi.yaml is not a YAML or JSON mapping (it reads as a single line of text); a catalog file holds an AsyncAPI document or parts of one"] },
  },
  {
    name: "a YAML file that is no document",
    files: { "schemas.yaml": "Order:\n  type: object\n" },
    path: "schemas.yaml",
    want: { exitCode: 1, diagnostics: ["schemas.yaml:1:1 error catalog-empty schemas.yaml is not an AsyncAPI document: it has no top-level `asyncapi` key (such as `asyncapi: 3.0.0`)"] },
  },
  {
    name: "a folder holding only a README",
    files: { "catalog/README.md": "# Events\n" },
    path: "catalog",
    want: { exitCode: 1, diagnostics: ["catalog:1:1 error catalog-empty catalog holds no AsyncAPI document: no .yaml, .yml or .json file"] },
  },
  {
    name: "a folder of fragments and no document",
    files: { "catalog/schemas.yaml": "Order:\n  type: object\n" },
    path: "catalog",
    want: {
      exitCode: 1,
      diagnostics: [
        "catalog:1:1 error catalog-empty catalog holds no AsyncAPI document: no file with a top-level `asyncapi` key",
        "catalog/schemas.yaml:1:1 warning file-unreferenced schemas.yaml is neither an AsyncAPI document (no top-level `asyncapi` key) nor reached by any $ref; nothing in it is used",
      ],
    },
  },
  {
    name: "a document whose root key is misspelt",
    files: { "catalog/accounts.yaml": DOCUMENT, "catalog/billing.yaml": EVENTLESS.replace("asyncapi:", "asyncApi:") },
    path: "catalog",
    want: {
      exitCode: 0,
      diagnostics: ["catalog/billing.yaml:1:1 warning file-unreferenced billing.yaml is not read as an AsyncAPI document: its root key is `asyncApi`, not `asyncapi`, so its channels and messages are ignored"],
    },
  },
  {
    name: "a document with no events",
    files: { "catalog/asyncapi.yaml": EVENTLESS },
    path: "catalog",
    want: { exitCode: 0, diagnostics: ["catalog/asyncapi.yaml:6:1 warning catalog-no-events asyncapi.yaml declares no message: the SDK generated from it has no events"] },
  },
];

describe("bad paths are errors", () => {
  it.each(cases)("$name", async ({ files, path, want }) => {
    const dir = workspace(files);
    const got = await cli(dir, "validate", path, "--format", "json");
    const { diagnostics } = JSON.parse(got.out) as { diagnostics: Array<{ file: string; line: number; column: number; severity: string; code: string; message: string }> };
    expect({
      exitCode: got.exitCode,
      diagnostics: diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`),
    }).toEqual(want);
    expect(got.err).toBe("");
  });

  it("codegen writes nothing for a path that names nothing, and exits 1", async () => {
    const dir = workspace({});
    const got = await cli(dir, "codegen", "nowhere", "--out", "sdk", "--no-cache");
    expect(got.exitCode).toBe(1);
    expect(got.err).toContain("nowhere:1:1 error catalog-missing");
  });

  it("a catalog with no events generates an SDK that passes tsc --strict", async () => {
    const dir = workspace({ "catalog/asyncapi.yaml": EVENTLESS });
    const got = await cli(dir, "codegen", "catalog", "--out", "sdk", "--no-cache");
    expect(got.exitCode).toBe(0);
    expect(got.out).toContain("codegen: 0 events -> sdk");
    expect(typecheck([join(dir, "sdk/index.ts")])).toEqual([]);
  }, 60_000);
});
