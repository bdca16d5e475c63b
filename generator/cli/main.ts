/**
 * The `eventsmith` command line. Every command runs in-process with an injected CliIO, so the
 * binary and the tests exercise the same code. Exit codes: 0 ok, 1 findings, 2 usage/tool error.
 */
import { Command, CommanderError } from "commander";
import { packageVersion } from "../package-info.js";
import { EXIT, processIO, type CliIO } from "./io.js";

type CommandFactory = (io: CliIO) => Command;

/**
 * Each command's module, imported only when it runs: `compat` must not pay for ts-morph and the
 * emitters it never uses (half a second of a cold start). Listed in the order help shows them.
 */
const COMMANDS: ReadonlyArray<[name: string, load: () => Promise<CommandFactory>]> = [
  ["init", async () => (await import("./init-command.js")).initCommand],
  ["validate", async () => (await import("./validate-command.js")).validateCommand],
  ["codegen", async () => (await import("./codegen-command.js")).codegenCommand],
  ["compat", async () => (await import("./compat-command.js")).compatCommand],
  ["docs", async () => (await import("./docs-command.js")).docsCommand],
  ["new", async () => (await import("./new-command.js")).newCommand],
  ["relay", async () => (await import("./relay-command.js")).relayCommand],
  ["audit", async () => (await import("./audit-command.js")).auditCommand],
];

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const program = new Command("eventsmith")
    .description("Compile an AsyncAPI event catalog into a typed SDK, docs and a CI compatibility check.")
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  // argv[2] names the command; anything else (--help, help <command>, a typo) needs them all
  const named = COMMANDS.filter(([name]) => name === argv[2]);
  for (const [, load] of named.length ? named : COMMANDS) program.addCommand((await load())(io));
  program.exitOverride();
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync([...argv], { from: "node" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`eventsmith: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.usage;
  }
  return io.exitCode;
}
