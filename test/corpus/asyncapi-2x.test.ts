/**
 * AsyncAPI 2.0-2.5: each document is validated against the official schema of its own version
 * and normalised into the same IR as 2.6 and 3.x, so its SDK compiles under tsc --strict. What
 * a later minor added is an error in an earlier one, at the line that uses it.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeOutput } from "../../generator/cli/write-output.js";
import { generate } from "../../generator/generate.js";
import { compileFiles } from "../check/catalog-on-disk.js";
import { typecheck } from "../support/typecheck.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/asyncapi-2x");
const OUTPUT = resolve(import.meta.dirname, "../.output/asyncapi-2x");

const documents = [
  { file: "account-2.0.yaml", events: ["account.opened"], servers: ["kafka.example.com:9092"] },
  { file: "account-2.1.yaml", events: ["account.closed", "account.opened"], servers: [] },
  { file: "account-2.2.yaml", events: ["account.opened"], servers: ["nats.example.com:4222"] },
  { file: "account-2.3.yaml", events: ["account.opened"], servers: ["nats.example.com:4222"] },
  { file: "account-2.4.yaml", events: ["account.opened"], servers: ["broker.example.com:1883"] },
  { file: "account-2.5.yaml", events: ["account.opened"], servers: ["rabbit.example.com"] },
];

describe("AsyncAPI 2.0-2.5 documents", () => {
  const outputs: string[] = [];
  beforeAll(() => {
    rmSync(OUTPUT, { recursive: true, force: true });
    mkdirSync(OUTPUT, { recursive: true });
  });

  it.each(documents)("$file compiles to an SDK with its events", async ({ file, events, servers }) => {
    const result = await generate(join(FIXTURES, file));
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.events.map((e) => e.name)).toEqual(events);
    expect(result.ir?.servers.map((s) => s.host)).toEqual(servers);
    const out = join(OUTPUT, file.replace(/\.yaml$/, ""));
    await writeOutput(out, result.files!);
    outputs.push(join(out, "index.ts"));
  });

  it("every SDK type-checks under tsc --strict", () => {
    expect(outputs).toHaveLength(documents.length);
    expect(typecheck(outputs)).toEqual([]);
  }, 120_000);
});

const message = (version: string, field: string) => `asyncapi: ${version}
info:
  title: Accounts
  version: 1.0.0
channels:
  account.opened:
    subscribe:
      message:
        ${field}
        payload:
          type: object
`;

describe("each 2.x document is held to its own version's schema", () => {
  const cases = [
    { given: message("2.0.0", "messageId: account.opened"), want: ["asyncapi.yaml:9:9 error asyncapi-schema channels[\"account.opened\"].subscribe.message: unknown property `messageId`"] },
    { given: message("2.3.0", "messageId: account.opened"), want: ["asyncapi.yaml:9:9 error asyncapi-schema channels[\"account.opened\"].subscribe.message: unknown property `messageId`"] },
    { given: message("2.4.0", "messageId: account.opened"), want: [] },
    { given: message("2.0.0", "name: account.opened"), want: [] },
    {
      given: message("1.2.0", "name: account.opened"),
      want: ["asyncapi.yaml:1:11 error asyncapi-version asyncapi \"1.2.0\" is AsyncAPI 1.x, which eventsmith does not read; convert it to 3.0 with the official converter (`npx @asyncapi/cli convert <file> --target-version=3.0.0`, package @asyncapi/converter)"],
    },
    { given: message("2.7.0", "name: account.opened"), want: ["asyncapi.yaml:1:11 error asyncapi-version asyncapi \"2.7.0\" is not a released AsyncAPI version; use one of 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0, 2.5.0, 2.6.0, 3.0.0, 3.1.0"] },
  ];
  it.each(cases)("$given", async ({ given, want }) => {
    const { diagnostics } = await compileFiles({ "asyncapi.yaml": given });
    const errors = diagnostics.filter((d) => d.severity === "error" || d.code.startsWith("asyncapi"));
    expect(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)).toEqual(want);
  });
});
