/**
 * `eventsmith` as a library: the same pipeline the CLI runs.
 *
 *   import { validate, generate, compat } from "eventsmith";
 *   const { diagnostics } = await validate("catalog");
 *   const { files } = await generate("catalog");          // GeneratedFile[] (nothing written)
 *   const result = await compat({ cwd: process.cwd(), catalog: "catalog", base: "origin/main" }); // { report } or { failure }
 */
export { compileCatalog as validate, compileCatalog, type CompileOptions, type CompileResult } from "./pipeline.js";
export { generate, type GenerateOptions, type GenerateResult } from "./generate.js";
export { runCompat as compat } from "./compat/index.js";
export * from "./compat/index.js";
export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type Severity, type SourceLocation } from "./diagnostics.js";
export type { GeneratedFile } from "./emit/generated-file.js";
export type * from "./ir/types.js";
export { main } from "./cli/main.js";
