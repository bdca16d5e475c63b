/**
 * Drops the `const schemaN = {...};` literals of ajv's standalone code that no code reads:
 * ajv declares the schema of every function it compiles (for `validate.schema`, which the
 * generated code never sets), so each module carried its schemas, descriptions and examples
 * twice over as dead text. Found with the TypeScript scanner: text inside strings never counts.
 */
import { ts } from "ts-morph";
import { codeTokens } from "./pure-annotations.js";

const SCHEMA_NAME = /^schema\d+$/;

export function dropUnusedSchemas(code: string): string {
  const tokens = [...codeTokens(code)];
  const declared: Array<{ name: string; start: number; end: number }> = [];
  const reads = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const { token, value } = tokens[i]!;
    if (token !== ts.SyntaxKind.Identifier || !SCHEMA_NAME.test(value)) continue;
    const declaration = tokens[i - 1]?.token === ts.SyntaxKind.ConstKeyword && tokens[i + 1]?.token === ts.SyntaxKind.EqualsToken;
    if (!declaration) {
      reads.set(value, (reads.get(value) ?? 0) + 1);
      continue;
    }
    // the literal runs to the `;` at depth 0
    let depth = 0;
    let j = i + 2;
    for (; j < tokens.length; j++) {
      const kind = tokens[j]!.token;
      if (kind === ts.SyntaxKind.OpenBraceToken || kind === ts.SyntaxKind.OpenBracketToken) depth++;
      else if (kind === ts.SyntaxKind.CloseBraceToken || kind === ts.SyntaxKind.CloseBracketToken) depth--;
      else if (kind === ts.SyntaxKind.SemicolonToken && depth === 0) break;
    }
    declared.push({ name: value, start: tokens[i - 1]!.start, end: tokens[j]?.end ?? code.length });
    i = j;
  }
  let out = "";
  let from = 0;
  for (const { name, start, end } of declared) {
    if (reads.has(name)) continue;
    out += code.slice(from, start);
    from = end;
  }
  return out + code.slice(from);
}
