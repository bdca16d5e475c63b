/**
 * The check stage: the official AsyncAPI schema and eventsmith's semantic rules, over the
 * loaded documents and the IR built from them. Every problem, in one pass.
 */
import { hasErrors, type Diagnostic } from "../diagnostics.js";
import type { CatalogIR } from "../ir/types.js";
import type { LoadedCatalog } from "../load/types.js";
import { catalogNoEvents } from "./rules/catalog-no-events.js";
import { componentUnused } from "./rules/component-unused.js";
import { descriptionMissing } from "./rules/description-missing.js";
import { eventNameConvention } from "./rules/event-name-convention.js";
import { exampleInvalid } from "./rules/example-invalid.js";
import type { CompiledAnswers, Rule } from "./rules/rule.js";
import { schemaInvalid } from "./rules/schema-invalid.js";
import { SchemaCompiler } from "./schema-compiler.js";
import { schemaValueInvalid } from "./rules/schema-value-invalid.js";
import { partitioningInvalid } from "./rules/partitioning-invalid.js";
import { transportSettingsInvalid } from "./rules/transport-settings-invalid.js";
import { validateDocuments, type DocumentVerdicts } from "./validate-documents.js";

const RULES: readonly Rule[] = [catalogNoEvents, eventNameConvention, schemaInvalid, exampleInvalid, schemaValueInvalid, componentUnused, descriptionMissing, transportSettingsInvalid, partitioningInvalid];

export interface CheckOptions {
  /** What compiling the generated validators already answered (codegen). */
  compiled?: CompiledAnswers;
  /** AsyncAPI schema verdicts kept between checks (a `--watch` session). */
  documentVerdicts?: DocumentVerdicts;
  /** Schemas schema-invalid found clean, kept between checks (a `--watch` session). */
  cleanSchemas?: Set<string>;
  /** The schema compiler, kept between checks (a `--watch` session); a fresh one by default. */
  schemaCompiler?: SchemaCompiler;
  /** What building the IR found: its errors (a schema nested too deep...) keep the rules from compiling schemas. */
  irDiagnostics?: readonly Diagnostic[];
}

export function checkCatalog(catalog: LoadedCatalog, ir: CatalogIR, options: CheckOptions = {}): Diagnostic[] {
  const documentErrors = validateDocuments(catalog, options.documentVerdicts);
  const context = {
    catalog,
    ir,
    upstreamErrors: documentErrors.length > 0 || hasErrors(catalog.diagnostics) || hasErrors(options.irDiagnostics ?? []),
    schemaCompiler: options.schemaCompiler ?? new SchemaCompiler(),
    ...(options.compiled ? { compiled: options.compiled } : {}),
    ...(options.cleanSchemas ? { cleanSchemas: options.cleanSchemas } : {}),
  };
  return [...documentErrors, ...RULES.flatMap((rule) => rule(context))];
}
