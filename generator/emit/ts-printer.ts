/**
 * Prints ts-morph statement structures into one file's text, in one pass. Emitters build
 * structures (never code by string concatenation of catalog text); this turns them into code.
 */
import {
  printStructure,
  StructureKind,
  type StatementStructures,
  type WriterFunction,
} from "ts-morph";
import type { EmitMemo } from "./emit-memo.js";
import { reindent } from "./reindent.js";

export type Statement = StatementStructures | WriterFunction;

/** Prints the statements in order: imports together, then one blank line between declarations. */
export function printStatements(all: ReadonlyArray<Statement>): string {
  // an import of an empty name list imports nothing (a catalog with no events): `import type "x"` does not even parse
  const statements = all.filter((s) => !(typeof s !== "function" && s.kind === StructureKind.ImportDeclaration && isEmptyList(s.namedImports) && !s.defaultImport && !s.namespaceImport));
  // a file with nothing in it must still be a module: others `export * from` it
  if (statements.length === 0) return "export {};\n";
  const spaced: Statement[] = [];
  statements.forEach((statement, index) => {
    const previous = statements[index - 1];
    const sameKind = previous && typeof previous !== "function" && typeof statement !== "function" && previous.kind === statement.kind;
    if (previous && !(isModuleLink(previous) && isModuleLink(statement) && sameKind)) {
      spaced.push((writer) => void writer.blankLineIfLastNot());
    }
    spaced.push(statement);
  });
  // printStructure prints without building a Project (no re-parse of the printed text)
  const text = printStructure({ kind: StructureKind.SourceFile, statements: spaced }, { indentNumberOfSpaces: 2, newLine: "\n" });
  return reindent(text.endsWith("\n") ? text : text + "\n");
}

/**
 * The text `printStatements` gives for declarations (no imports or exports, which it groups),
 * printed one at a time so that each can be remembered under its key in `memo`.
 */
export function printDeclarations(declarations: ReadonlyArray<{ key: string; statement: () => Statement }>, memo?: EmitMemo): string {
  if (declarations.length === 0 || !memo) return printStatements(declarations.map((d) => d.statement()));
  // printStatements puts one blank line between declarations, each printed from column 0
  return declarations.map(({ key, statement }) => memo.remember(key, () => printStatements([statement()]))).join("\n");
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

function isModuleLink(statement: Statement): boolean {
  return typeof statement !== "function" && (statement.kind === StructureKind.ImportDeclaration || statement.kind === StructureKind.ExportDeclaration);
}

/**
 * `export const name = <value>;` with a multi-line value laid out like hand-written code
 * (ts-morph gives variable initializers a hanging indent). `docs` lines are escaped by the caller.
 */
export function exportedConst(name: string, docs: string, writeValue: WriterFunction): WriterFunction {
  return (writer) => {
    writer.writeLine(`/** ${docs} */`);
    writer.write(`export const ${name} = `);
    writeValue(writer);
    writer.write(";").newLine();
  };
}
