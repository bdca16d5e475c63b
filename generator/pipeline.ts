/**
 * load -> ir -> check: a catalog path in, the CatalogIR and every diagnostic out. The IR is
 * only returned when there are no errors, so nothing downstream ever emits from a broken catalog.
 * (`generate` runs the same stages in a session, which also compiles the validators.)
 */
import { checkCatalog } from "./check/check-catalog.js";
import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { buildIR } from "./ir/build-ir.js";
import type { CatalogIR, CatalogSettings } from "./ir/types.js";
import { loadCatalog } from "./load/load-catalog.js";
import type { LoadedCatalog, LoadOptions } from "./load/types.js";

export type CompileOptions = Omit<LoadOptions, "parsed">;

export interface CompileResult {
  /** Present when the catalog has no errors (warnings allowed). */
  ir?: CatalogIR;
  diagnostics: Diagnostic[];
  catalog: LoadedCatalog;
}

export async function compileCatalog(path: string, options: CompileOptions = {}): Promise<CompileResult> {
  const catalog = await loadCatalog(path, options);
  const built = buildIR(catalog);
  const found = [...catalog.diagnostics, ...built.diagnostics, ...checkCatalog(catalog, built.ir, { irDiagnostics: built.diagnostics })];
  return compileResult(catalog, built.ir, found);
}

/** The result for everything found: settings applied, sorted, and the IR only when there is no error. */
export function compileResult(catalog: LoadedCatalog, ir: CatalogIR, found: readonly Diagnostic[]): CompileResult {
  const diagnostics = sortDiagnostics(dedupeDiagnostics(applyRuleSeverities(found, ir.settings.rules)));
  return hasErrors(diagnostics) ? { diagnostics, catalog } : { ir, diagnostics, catalog };
}

/** The catalog's `x-eventsmith.rules` turn a rule off or change its severity. */
function applyRuleSeverities(list: readonly Diagnostic[], rules: CatalogSettings["rules"]): Diagnostic[] {
  return list.flatMap((d) => {
    const severity = rules[d.code];
    if (severity === undefined) return [d];
    return severity === "off" ? [] : [{ ...d, severity }];
  });
}
