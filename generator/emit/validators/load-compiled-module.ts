/**
 * Evaluates a compiled validator module in the generator, for a module taken from the cache
 * (a fresh compile hands back live functions: see compile-validator). The module is imported
 * from a `data:` URL exactly as generated, except for the one line eventsmith itself writes
 * above ajv's code: its `import { ... } from "eventsmith/runtime"` becomes a read of the same
 * helpers from a process-wide registry, since a `data:` module cannot resolve a package name
 * (nor, under tsx or vitest, a TypeScript file). The text is this repository's own compiler
 * output, never catalog code.
 */
import * as validationRuntime from "../../../runtime/validation-runtime.js";
import type { CompiledModule, SampleValidators } from "./compile-validator.js";

const REGISTRY = "eventsmith.validation-runtime";

export async function loadCompiledModule(module: CompiledModule): Promise<SampleValidators> {
  const registry = globalThis as unknown as Record<symbol, unknown>;
  registry[Symbol.for(REGISTRY)] ??= validationRuntime;
  const missing = module.imports.filter((name) => !(name in validationRuntime));
  if (missing.length > 0) throw new Error(`a validator module imports ${missing.join(", ")}, which eventsmith/runtime lacks`);
  const head = module.imports.length > 0 ? `const { ${module.imports.join(", ")} } = globalThis[Symbol.for(${JSON.stringify(REGISTRY)})];\n` : "";
  const url = `data:text/javascript;base64,${Buffer.from(head + module.body).toString("base64")}`;
  const exported = (await import(url)) as Partial<SampleValidators>;
  if (typeof exported.validate !== "function") throw new Error("a validator module exports no validate function");
  return { validate: exported.validate, validateHeaders: exported.validateHeaders };
}
