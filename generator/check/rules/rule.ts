/** A semantic rule: reads the catalog and its IR, returns what it finds. */
import type { Diagnostic } from "../../diagnostics.js";
import type { CatalogIR } from "../../ir/types.js";
import type { LoadedCatalog } from "../../load/types.js";
import type { SchemaCompiler } from "../schema-compiler.js";

export interface RuleContext {
  catalog: LoadedCatalog;
  ir: CatalogIR;
  /**
   * Whether loading or the AsyncAPI schema check found errors: a payload schema that does not
   * compile is then most likely their echo (a broken `$ref`, a meta-schema violation already
   * reported at the exact node).
   */
  upstreamErrors: boolean;
  /** Compiles payload, headers and value schemas, each once per compiler. */
  schemaCompiler: SchemaCompiler;
  /** What `codegen` learned compiling the validators, so the rules need not compile those schemas again. */
  compiled?: CompiledAnswers;
  /**
   * Schemas (by their JSON) that schema-invalid found nothing wrong with, kept between checks (a
   * `--watch` session): the rule checks only the others, then keeps this check's clean ones.
   */
  cleanSchemas?: Set<string>;
}

/**
 * Answers from the generated validators (the same ajv configuration, so the same verdicts).
 * `undefined` means not known: the rule compiles the schema itself, as `validate` always does.
 */
export interface CompiledAnswers {
  /** Whether the payload and headers schemas of `event` compile. */
  compiles(event: string): boolean | undefined;
  /** Whether `part` of the example at `position` of `event` is valid. */
  exampleValid(event: string, position: number, part: "payload" | "headers"): boolean | undefined;
}

export type Rule = (context: RuleContext) => Diagnostic[];
