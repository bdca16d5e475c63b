/**
 * `eventsmith validate`, run in-process as the binary runs it: exit codes and the exact output
 * of the three formats.
 */
import { Command, CommanderError } from "commander";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../generator/cli/io.js";
import { validateCommand } from "../../generator/cli/validate-command.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures");

/** What `main` does around a command: commander usage errors exit 2. */
async function run(args: string[], cwd = FIXTURES): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, exitCode: 0 };
  const program = new Command("eventsmith").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(validateCommand(io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  try {
    await program.parseAsync(["validate", ...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    io.exitCode = 2;
  }
  return { exitCode: io.exitCode, stdout, stderr };
}

const SCHEMA_VIOLATION_TEXT = `broken/schema-violation/asyncapi.yaml:15:5 error asyncapi-schema operations.publishOrderCreated.action: must be "send" or "receive", not "publish"
  14 |   publishOrderCreated:
> 15 |     action: publish
     |     ^
  16 |     description: The order service announces new orders.

broken/schema-violation/asyncapi.yaml:26:7 error asyncapi-schema components.messages.orderCreated: unknown property \`payloadd\`
  25 |         type: object
> 26 |       payloadd:
     |       ^
  27 |         type: object

2 errors and 0 warnings
`;

const SCHEMA_VIOLATION_JSON =
  JSON.stringify({
    diagnostics: [
      {
        file: "broken/schema-violation/asyncapi.yaml",
        line: 15,
        column: 5,
        severity: "error",
        code: "asyncapi-schema",
        message: 'operations.publishOrderCreated.action: must be "send" or "receive", not "publish"',
      },
      {
        file: "broken/schema-violation/asyncapi.yaml",
        line: 26,
        column: 7,
        severity: "error",
        code: "asyncapi-schema",
        message: "components.messages.orderCreated: unknown property `payloadd`",
      },
    ],
  }) + "\n";

const SCHEMA_VIOLATION_GITHUB = `::error file=broken/schema-violation/asyncapi.yaml,line=15,col=5,title=asyncapi-schema::operations.publishOrderCreated.action: must be "send" or "receive", not "publish"
::error file=broken/schema-violation/asyncapi.yaml,line=26,col=7,title=asyncapi-schema::components.messages.orderCreated: unknown property \`payloadd\`
`;

const WARNINGS_TEXT = `catalogs/warnings/asyncapi.yaml:7:3 warning description-missing channel \`orders\` has no description
  6 | channels:
> 7 |   orders:
    |   ^
  8 |     address: orders

catalogs/warnings/asyncapi.yaml:11:15 warning event-name-convention event name \`order.place\` should end in a past-tense verb (\`created\`, \`sent\`...), not \`place\` (exempt it with x-eventsmith.naming.allow)
  10 |       orderPlaced:
> 11 |         name: order.place
     |               ^
  12 |         summary: An order was placed.

0 errors and 2 warnings
`;

describe("eventsmith validate", () => {
  const cases: Array<{ name: string; args: string[]; cwd?: string; want: { exitCode: number; stdout: string; stderr?: string } }> = [
    { name: "a clean catalog: exit 0", args: ["catalogs/clean"], want: { exitCode: 0, stdout: "catalogs/clean: no problems\n" } },
    { name: "a clean catalog as JSON", args: ["catalogs/clean", "--format", "json"], want: { exitCode: 0, stdout: '{"diagnostics":[]}\n' } },
    { name: "a clean catalog for GitHub: nothing to annotate", args: ["catalogs/clean", "--format", "github"], want: { exitCode: 0, stdout: "" } },
    { name: "warnings only: exit 0", args: ["catalogs/warnings"], want: { exitCode: 0, stdout: WARNINGS_TEXT } },
    { name: "errors: text with code frames and a summary, exit 1", args: ["broken/schema-violation"], want: { exitCode: 1, stdout: SCHEMA_VIOLATION_TEXT } },
    { name: "errors as JSON, paths relative to the working directory", args: ["broken/schema-violation", "--format", "json"], want: { exitCode: 1, stdout: SCHEMA_VIOLATION_JSON } },
    { name: "errors as GitHub annotations", args: ["broken/schema-violation", "--format=github"], want: { exitCode: 1, stdout: SCHEMA_VIOLATION_GITHUB } },
    {
      name: "the default path is catalog/",
      args: ["--format", "json"],
      cwd: resolve(FIXTURES, "broken/ref-outside-root"),
      want: { exitCode: 1, stdout: expect.stringContaining('"file":"catalog/asyncapi.yaml","line":25,"column":9,"severity":"error","code":"ref-outside-root"') as unknown as string },
    },
    {
      name: "--allow-root lets a $ref leave the catalog",
      args: ["broken/ref-outside-root/catalog", "--allow-root", "broken/ref-outside-root/shared", "--format", "json"],
      want: { exitCode: 0, stdout: expect.not.stringContaining('"severity":"error"') as unknown as string },
    },
    {
      name: "a missing path is a finding that names it: exit 1",
      args: ["nowhere", "--format", "github"],
      want: { exitCode: 1, stdout: "::error file=nowhere,line=1,col=1,title=catalog-missing::nowhere: no such file or directory; give the catalog directory or an AsyncAPI file\n", stderr: "" },
    },
    {
      name: "an unknown format is a usage error: exit 2",
      args: ["catalogs/clean", "--format", "xml"],
      want: { exitCode: 2, stdout: "", stderr: "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, github.\n" },
    },
  ];

  it.each(cases)("$name", async ({ args, cwd, want }) => {
    const got = await run(args, cwd);
    expect({ exitCode: got.exitCode, stdout: got.stdout }).toEqual({ exitCode: want.exitCode, stdout: want.stdout });
    if (want.stderr !== undefined) expect(got.stderr).toBe(want.stderr);
  });
});
