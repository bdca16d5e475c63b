/**
 * The fuzzer's child process: for each mutant catalog it is sent, runs `validate` as the binary
 * does and, when validate is clean, `codegen` into `out`. Answers what happened; the parent
 * times each answer (a hang) and type-checks the SDKs.
 */
import { runCliInProcess } from "../support/cli-in-process.js";

export interface MutantRequest {
  id: number;
  dir: string;
  out: string;
}

export interface MutantAnswer {
  id: number;
  validateExit: number;
  /** Diagnostics as `validate --format json` printed them. */
  diagnostics: Array<{ file: unknown; line: unknown; column: unknown; code: unknown; severity: unknown; message: unknown }>;
  /** What reached stderr: only tool failures print there. */
  stderr: string;
  codegenExit?: number;
  codegenStderr?: string;
}

const run = (args: string[]) => runCliInProcess(process.cwd(), args);

async function answer({ id, dir, out }: MutantRequest): Promise<MutantAnswer> {
  const validated = await run(["validate", dir, "--format", "json"]);
  let diagnostics: MutantAnswer["diagnostics"] = [];
  try {
    diagnostics = (JSON.parse(validated.out) as { diagnostics: MutantAnswer["diagnostics"] }).diagnostics;
  } catch {
    // not JSON: reported as a crash by the parent (validate printed something else)
  }
  const result: MutantAnswer = { id, validateExit: validated.exitCode, diagnostics, stderr: validated.err };
  if (validated.exitCode !== 0) return result;
  const generated = await run(["codegen", dir, "--out", out, "--no-cache", "--format", "json"]);
  return { ...result, codegenExit: generated.exitCode, codegenStderr: generated.err };
}

process.on("message", (request: MutantRequest) => {
  answer(request).then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ id: request.id, validateExit: -1, diagnostics: [], stderr: String((error as Error).stack ?? error) }),
  );
});
