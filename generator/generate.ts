/**
 * The programmatic `generate`: compile a catalog and produce (and optionally write) the SDK.
 * The CLI's `codegen` is a thin shell around this; `codegen --watch` keeps a `CodegenSession`.
 */
import { CodegenSession, type GenerateResult, type SessionOptions } from "./session.js";

export type { GenerateResult } from "./session.js";

export type GenerateOptions = Omit<SessionOptions, "prestartWorkers">;

export async function generate(catalogPath: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  // without a cache every validator is compiled: start the workers while the catalog loads
  const session = new CodegenSession(catalogPath, { ...options, prestartWorkers: options.validatorCache === undefined });
  try {
    return await session.build();
  } finally {
    session.close();
  }
}
