/**
 * What a CLI command may touch of the outside world, passed in so commands run in-process in
 * tests exactly as they do from the `eventsmith` binary.
 */
export interface CliIO {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours, code frames). */
  isTTY: boolean;
  /**
   * What the command decided: a command's action sets it (`io.exitCode = EXIT.findings`);
   * `main` returns it. Commander usage errors become 2 in `main`.
   */
  exitCode: number;
}

/** Exit codes everywhere: 0 ok, 1 findings, 2 tool or usage error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    exitCode: EXIT.ok,
  };
}
