import { Command } from "commander";
import { compatCommand } from "../../generator/cli/compat-command.js";
const io = { cwd: "/work/main", stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t), isTTY: false, exitCode: 0 };
const program = new Command("eventsmith").exitOverride();
program.addCommand(compatCommand(io).exitOverride());
const t = performance.now();
await program.parseAsync(["compat", ...process.argv.slice(2)], { from: "user" }).catch((e) => console.error("ERR", e.message));
console.error("exit", io.exitCode, Math.round(performance.now() - t), "ms");
