/**
 * Type-checks generated code the way a strict user project would: `tsc --strict` with
 * exactOptionalPropertyTypes and noUnusedLocals, `eventsmith/*` resolved to this package.
 */
import { resolve } from "node:path";
import ts from "typescript";

export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  customConditions: ["eventsmith-source"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
};

/** Every diagnostic tsc reports for `files`, formatted `file(line,col): message`. */
export function typecheck(files: readonly string[], options: ts.CompilerOptions = STRICT_OPTIONS): string[] {
  return formatDiagnostics(ts.getPreEmitDiagnostics(ts.createProgram([...files], options)));
}

/**
 * tsc for a project folder, as if run there with a tsconfig holding `compilerOptions` (JSON
 * spelling, e.g. `{ module: "nodenext" }`). Its programs share parsed files through a document
 * registry (the language service's cache, keyed by the options that change how a file parses),
 * so checking several files under one setup parses the standard library and `@types` once.
 */
export function projectCompiler(projectDir: string) {
  const registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, projectDir);
  const program = (files: readonly string[], compilerOptions: Record<string, unknown>) => {
    const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions, projectDir);
    if (errors.length > 0) throw new Error(formatDiagnostics(errors).join("\n"));
    const host = ts.createCompilerHost(options);
    host.getCurrentDirectory = () => projectDir;
    host.getSourceFile = (fileName, languageVersionOrOptions) => {
      const text = ts.sys.readFile(fileName);
      if (text === undefined) return undefined;
      return registry.acquireDocument(fileName, options, ts.ScriptSnapshot.fromString(text), text, undefined, languageVersionOrOptions);
    };
    return ts.createProgram(files.map((file) => resolve(projectDir, file)), options, host);
  };
  return {
    /** The diagnostics of `tsc --noEmit`. */
    check: (files: readonly string[], compilerOptions: Record<string, unknown>) =>
      formatDiagnostics(ts.getPreEmitDiagnostics(program(files, { ...compilerOptions, noEmit: true }))),
    /** Type-checks, then writes JavaScript where `outDir` says; the diagnostics of `tsc`. */
    emit: (files: readonly string[], compilerOptions: Record<string, unknown>) => {
      const built = program(files, compilerOptions);
      const diagnostics = [...ts.getPreEmitDiagnostics(built)];
      if (diagnostics.length === 0) diagnostics.push(...built.emit().diagnostics);
      return formatDiagnostics(diagnostics);
    },
  };
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}(${line + 1},${character + 1}): ${message}`;
  });
}
