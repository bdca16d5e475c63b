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
  const declared: Array<{ name: string; start: number; end: number }> = [];
  const reads = new Set<string>();
  /** `const schemaN` seen, `=` not yet. */
  let candidate: { name: string; start: number } | undefined;
  /** Inside a declared literal: its brackets left open. */
  let literal: { name: string; start: number; depth: number } | undefined;
  let constAt = -1;
  for (const { token, start, end, value } of codeTokens(code)) {
    if (literal) {
      if (token === ts.SyntaxKind.OpenBraceToken || token === ts.SyntaxKind.OpenBracketToken) literal.depth++;
      else if (token === ts.SyntaxKind.CloseBraceToken || token === ts.SyntaxKind.CloseBracketToken) literal.depth--;
      else if (token === ts.SyntaxKind.SemicolonToken && literal.depth === 0) {
        declared.push({ name: literal.name, start: literal.start, end });
        literal = undefined;
      }
      continue;
    }
    if (candidate) {
      if (token === ts.SyntaxKind.EqualsToken) literal = { ...candidate, depth: 0 };
      else reads.add(candidate.name);
      candidate = undefined;
      if (literal) continue;
    }
    if (token === ts.SyntaxKind.Identifier && SCHEMA_NAME.test(value)) {
      if (constAt >= 0) candidate = { name: value, start: constAt };
      else reads.add(value);
    }
    constAt = token === ts.SyntaxKind.ConstKeyword ? start : -1;
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
