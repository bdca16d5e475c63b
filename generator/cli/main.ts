/**
 * The `eventsmith` command line. Every command runs in-process with an injected CliIO, so the
 * binary and the tests exercise the same code. Exit codes: 0 ok, 1 findings, 2 usage/tool error.
 */
import { Command, CommanderError } from "commander";
import { auditCommand } from "./audit-command.js";
import { codegenCommand } from "./codegen-command.js";
import { compatCommand } from "./compat-command.js";
import { docsCommand } from "./docs-command.js";
import { initCommand } from "./init-command.js";
import { newCommand } from "./new-command.js";
import { relayCommand } from "./relay-command.js";
import { validateCommand } from "./validate-command.js";
import { packageVersion } from "../package-info.js";
import { EXIT, processIO, type CliIO } from "./io.js";


export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const program = new Command("eventsmith")
    .description("Compile an AsyncAPI event catalog into a typed SDK, docs and a CI compatibility check.")
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const commands = [initCommand, validateCommand, codegenCommand, compatCommand, docsCommand, newCommand, relayCommand, auditCommand];
  for (const command of commands) program.addCommand(command(io));
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
