/** Runs the eventsmith CLI in this process, as `eventsmith <args>` in `cwd`, keeping what it printed. */
import type { CliIO } from "../../generator/cli/io.js";
import { main } from "../../generator/cli/main.js";

export async function runCliInProcess(cwd: string, args: readonly string[]): Promise<{ exitCode: number; out: string; err: string }> {
  const io: CliIO & { out: string; err: string } = {
    cwd,
    isTTY: false,
    exitCode: 0,
    out: "",
    err: "",
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
  };
  const exitCode = await main(["node", "eventsmith", ...args], io);
  return { exitCode, out: io.out, err: io.err };
}
