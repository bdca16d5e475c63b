/**
 * Marks the `new RegExp(...)` of ajv's standalone code `/*@__PURE__*\/`: a bundler cannot know
 * that constructing a RegExp has no side effect, and would keep every validator module whose
 * top level builds one, used or not. The TypeScript scanner finds the code tokens, so text
 * inside the schemas' strings (catalog descriptions, patterns) is never touched.
 */
import { ts } from "ts-morph";

const PURE = "/*@__PURE__*/ ";

export function markPureConstructors(code: string): string {
  const at: number[] = [];
  let previousNew = -1;
  for (const { token, start, value } of codeTokens(code)) {
    if (token === ts.SyntaxKind.NewKeyword) previousNew = start;
    else {
      if (previousNew >= 0 && token === ts.SyntaxKind.Identifier && value === "RegExp") at.push(previousNew);
      previousNew = -1;
    }
  }
  let out = "";
  let from = 0;
  for (const index of at) {
    out += code.slice(from, index) + PURE;
    from = index;
  }
  return out + code.slice(from);
}

export interface CodeToken {
  token: ts.SyntaxKind;
  start: number;
  end: number;
  /** An identifier's name; empty for any other token (reading every token's text costs a string each). */
  value: string;
}

/** The code tokens of ajv's standalone code: strings and regular expression literals are one token each. */
export function* codeTokens(code: string): Generator<CodeToken> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    // a `/` after `=`, `(` or `,` starts a regular expression literal, which the scanner must be told
    if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) {
      const start = scanner.getTokenStart();
      if (/[=(,:[!&|?{};]\s*$/.test(code.slice(Math.max(0, start - 8), start))) token = scanner.reScanSlashToken();
    }
    yield { token, start: scanner.getTokenStart(), end: scanner.getTokenEnd(), value: token === ts.SyntaxKind.Identifier ? scanner.getTokenValue() : "" };
  }
}
