/**
 * ts-morph prints a multi-line type (a nested object type, say) as pre-rendered text under a
 * hanging indent, which shifts its inner lines right. This pass sets every line's indentation
 * from the brackets left open by earlier lines instead: one level per *line* that opened
 * something (so `foo({` indents once), closers at the start of a line dedent it. The
 * TypeScript scanner finds the brackets, so ones inside comments, strings and template literals
 * never count. Inside JSDoc only the part before the `*` is touched, so indented examples in
 * catalog descriptions keep their layout.
 */
// the TypeScript that ts-morph bundles: the `typescript` package would be a second ~9 MB to load
import { ts } from "ts-morph";

const INDENT = "  ";
const OPENERS = new Set([ts.SyntaxKind.OpenBraceToken, ts.SyntaxKind.OpenBracketToken, ts.SyntaxKind.OpenParenToken]);
const CLOSERS = new Set([ts.SyntaxKind.CloseBraceToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseParenToken]);

export function reindent(text: string): string {
  const levels = lineLevels(text);
  let inComment = false;
  return text
    .split("\n")
    .map((line, index) => {
      const trimmed = line.trimStart();
      const indent = INDENT.repeat(levels[index] ?? 0);
      let out: string;
      if (trimmed === "") out = "";
      else if (inComment && trimmed.startsWith("*")) out = indent + " " + trimmed;
      else out = indent + trimmed;
      const opens = line.lastIndexOf("/*");
      const closes = line.lastIndexOf("*/");
      if (opens > closes) inComment = true;
      else if (closes > -1) inComment = false;
      return out;
    })
    .join("\n");
}

/** Indentation level of each line. */
function lineLevels(text: string): number[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const levels: number[] = [];
  /** Line on which each still-open bracket was opened. */
  const open: number[] = [];
  /** `open.length` at each `${` of a template literal still being read. */
  const templates: number[] = [];
  let line = 0;
  let leading = true; // only closers seen so far on this line
  const level = () => new Set(open).size;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.NewLineTrivia) {
      if (levels[line] === undefined) levels[line] = level();
      line++;
      leading = true;
      continue;
    }
    if (token === ts.SyntaxKind.WhitespaceTrivia) continue;
    if (token === ts.SyntaxKind.CloseBraceToken && templates.at(-1) === open.length) {
      if (scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateTail) templates.pop();
    } else if (CLOSERS.has(token)) open.pop();
    else {
      if (leading) levels[line] = level();
      leading = false;
      if (OPENERS.has(token)) open.push(line);
      else if (token === ts.SyntaxKind.TemplateHead) templates.push(open.length);
    }
    // lines inside a multi-line token (a comment) keep the level of the line it starts on
    const newlines = scanner.getTokenText().split("\n").length - 1;
    for (let i = 1; i <= newlines; i++) levels[line + i] = levels[line] ?? level();
    line += newlines;
  }
  if (levels[line] === undefined) levels[line] = level();
  return levels;
}
