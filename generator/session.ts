/**
 * A codegen session: builds the SDK from a catalog, and builds it again after edits
 * (`codegen --watch`) doing only the work the edit requires. Each stage keeps what it made by
 * content: parsed files by text hash (with their $refs, values and locations by pointer),
 * AsyncAPI-schema findings by the hashes of the files a document reaches, schemas found clean,
 * validators by schema hash, example verdicts by (validator, example), printed declarations and
 * docs field rows by their inputs. The IR is rebuilt every time. The output is byte-identical to
 * a build from nothing (test/perf/session.test.ts). `generate` is a session built once.
 */
import { checkCatalog } from "./check/check-catalog.js";
import type { CompiledAnswers } from "./check/rules/rule.js";
import { SchemaCompiler } from "./check/schema-compiler.js";
import { validateDocuments, type DocumentVerdicts } from "./check/validate-documents.js";
import { compileValidators } from "./compile-validators.js";
import { hasErrors, type Diagnostic } from "./diagnostics.js";
import type { GeneratedFile } from "./emit/generated-file.js";
import { EmitMemo } from "./emit/emit-memo.js";
import type { ExampleVerdicts } from "./emit/validators/example-verdicts.js";
import { CompilePool } from "./emit/validators/compile-pool.js";
import { memoryValidatorCache, type ValidatorCache } from "./emit/validators/validator-cache.js";
import { buildIR } from "./ir/build-ir.js";
import type { CatalogIR } from "./ir/types.js";
import { loadCatalog } from "./load/load-catalog.js";
import type { LoadedCatalog } from "./load/types.js";
import type { SourceFile } from "./load/yaml-source.js";
import { compileResult, type CompileOptions } from "./pipeline.js";

export interface SessionOptions extends CompileOptions {
  /** Compiled validators by schema hash (e.g. the CLI's disk cache); an in-memory one by default. */
  validatorCache?: ValidatorCache;
  /**
   * Start the validator compile workers at once, so they load while the catalog is read: for a
   * build expected to compile many validators (no cache). Default: started when needed.
   */
  prestartWorkers?: boolean;
}

/** A checked catalog with the validators compiled for it and the verdicts on its examples. */
export interface CheckedCatalog {
  diagnostics: Diagnostic[];
  /** Absent when the catalog has errors. */
  ir?: CatalogIR;
  catalog: LoadedCatalog;
  cache: ValidatorCache;
  /** Example verdicts by `verdictKey`. */
  verdicts: ExampleVerdicts;
}

export interface GenerateResult {
  diagnostics: Diagnostic[];
  /** Absent when the catalog has errors: nothing may be written then. */
  files?: GeneratedFile[];
  ir?: CatalogIR;
  catalog: LoadedCatalog;
}

/**
 * The emitters, loaded on first use: they bring ts-morph and its TypeScript (~250 ms to load),
 * which a cold build then loads while the validators compile, not before the catalog is read.
 */
function emitters() {
  return import("./emit/emit-sdk.js");
}

export class CodegenSession {
  private readonly parsed = new Map<string, SourceFile>();
  private readonly documentVerdicts: DocumentVerdicts = new Map();
  private readonly cleanSchemas = new Set<string>();
  /** The check's compiled schemas, kept between rebuilds: only a changed schema is compiled again. */
  private readonly schemaCompiler = new SchemaCompiler();
  private readonly exampleVerdicts = new Map<string, boolean>();
  private readonly memo = new EmitMemo();
  private readonly cache: ValidatorCache;
  private readonly pool: CompilePool;

  constructor(
    private readonly catalogPath: string,
    private readonly options: SessionOptions = {},
  ) {
    this.cache = options.validatorCache ?? memoryValidatorCache();
    this.pool = new CompilePool(options.prestartWorkers ? Infinity : 0);
  }

  async build(): Promise<GenerateResult> {
    const { cache: _, verdicts: __, ...result } = await this.check(async (ir) => {
      const { prepareSdk } = await emitters();
      try {
        prepareSdk(ir, { memo: this.memo });
      } catch {
        // emitted again once the catalog is checked: a clean catalog reports it then
      }
    });
    if (!result.ir) return result;
    // a validator that failed to compile is compiled again by the emitter, which throws why
    const { emitSdk } = await emitters();
    return { ...result, files: emitSdk(result.ir, { cache: this.cache, memo: this.memo, verdicts: this.exampleVerdicts }) };
  }

  /**
   * load -> ir -> validators -> check, without emitting: what `build` emits from, and what
   * `docs` builds its pages from (its examples then need no validator run again). `prepare`
   * runs in this thread while the workers compile.
   */
  async check(prepare: (ir: CatalogIR) => Promise<void> = async () => {}): Promise<CheckedCatalog> {
    const { validatorCache: _, prestartWorkers: __, ...loadOptions } = this.options;
    this.memo.nextBuild();
    const catalog = await loadCatalog(this.catalogPath, { ...loadOptions, parsed: this.parsed });
    const built = buildIR(catalog);
    const upstream = [...catalog.diagnostics, ...built.diagnostics];
    // a catalog broken before the check gets no validators: the rules compile what they need
    let compiled: CompiledAnswers | undefined;
    if (!hasErrors(upstream)) {
      // while the workers compile, this thread does what needs no validator, kept where the
      // check and the emitters find it: AsyncAPI findings, and whatever `prepare` does
      const meanwhile = async () => {
        validateDocuments(catalog, this.documentVerdicts);
        await prepare(built.ir);
      };
      compiled = await compileValidators(built.ir, this.pool, this.cache, this.exampleVerdicts, meanwhile);
    }
    const checked = checkCatalog(catalog, built.ir, { documentVerdicts: this.documentVerdicts, cleanSchemas: this.cleanSchemas, schemaCompiler: this.schemaCompiler, irDiagnostics: built.diagnostics, ...(compiled ? { compiled } : {}) });
    return { ...compileResult(catalog, built.ir, [...upstream, ...checked]), cache: this.cache, verdicts: this.exampleVerdicts };
  }

  /** Stops the compile workers; the session stays usable (they start again when needed). */
  close(): void {
    this.pool.close();
  }
}
