/**
 * From the `yaml` package's errors, the one that is the real cause, at the character that
 * caused it. One unclosed `[` or quote swallows the lines after it, and the parser reports
 * what it then stumbles on (bad indentation, a "duplicate key", an implicit key) further down:
 * so the first syntax error is kept and everything after it dropped as its cascade, and an
 * unclosed bracket or quote is reported where it opens.
 */
import type { YAMLError } from "yaml";
import type { DiagnosticCode } from "../diagnostics.js";

export interface YamlProblem {
  offset: number;
  code: Extract<DiagnosticCode, `yaml-${string}`>;
  message: string;
}

export function yamlProblems(text: string, errors: readonly YAMLError[]): YamlProblem[] {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const first = sorted.find((e) => e.code !== "DUPLICATE_KEY");
  // duplicate keys are independent findings, unless they come after the cause (then likely its echo)
  const kept = first ? [...sorted.filter((e) => e.code === "DUPLICATE_KEY" && e.pos[0] < first.pos[0]), first] : sorted;
  return kept.map((e) => (e === first ? realCause(text, e) : { offset: e.pos[0], code: "yaml-duplicate-key", message: e.message }));
}

function realCause(text: string, error: YAMLError): YamlProblem {
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  // the parser recurses per level and reports its stack overflow as its error, where the stack
  // ran out (which varies): reported at the bracket that opens level REPORTED_DEPTH instead
  if (error.code === "RESOURCE_EXHAUSTION") {
    const deep = openedAt(text, error.pos[0], REPORTED_DEPTH).brackets[REPORTED_DEPTH - 1];
    const message = `collections nest more than ${REPORTED_DEPTH} levels deep from here, too deep for the YAML parser: name inner schemas under components.schemas and $ref them`;
    return { offset: deep?.offset ?? error.pos[0], code: "yaml-too-deep", message };
  }
  const open = openedAt(text, error.pos[0]);
  const closer = /end with an? ([\]}])/.exec(message)?.[1];
  if (closer) {
    const opener = closer === "]" ? "[" : "{";
    const at = [...open.brackets].reverse().find((b) => b.char === opener);
    if (at) return { offset: at.offset, code: "yaml-syntax", message: `\`${opener}\` is never closed: add the \`${closer}\` that ends this flow ${opener === "[" ? "sequence" : "mapping"}` };
  }
  if (error.code === "MISSING_CHAR" && /quote/.test(message) && open.quote) {
    return { offset: open.quote.offset, code: "yaml-syntax", message: `this ${open.quote.char === '"' ? "double" : "single"}-quoted string is never closed: add the closing ${open.quote.char}` };
  }
  if (error.code === "TAB_AS_INDENT") return { offset: error.pos[0], code: "yaml-syntax", message: "a tab indents this line; YAML indents with spaces only" };
  return { offset: error.pos[0], code: "yaml-syntax", message };
}

/** Flow nesting reported for a file too deep to parse; far below what the parser survives. */
const REPORTED_DEPTH = 100;

/**
 * The flow brackets and the quote still open at `end` (or once `depth` brackets are open),
 * scanning YAML text roughly as a tokenizer does.
 */
function openedAt(text: string, end: number, depth = Infinity): { brackets: Array<{ char: string; offset: number }>; quote?: { char: string; offset: number } } {
  const brackets: Array<{ char: string; offset: number }> = [];
  let quote: { char: string; offset: number } | undefined;
  let comment = false;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i]!;
    if (comment) {
      if (c === "\n") comment = false;
      continue;
    }
    if (quote) {
      if (quote.char === '"' && c === "\\") i++;
      else if (c === quote.char && !(c === "'" && text[i + 1] === "'")) quote = undefined;
      else if (c === "'" && text[i + 1] === "'") i++;
      continue;
    }
    const before = previousToken(text, i);
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if ((c === '"' || c === "'") && /^(|[:\-[{,?])$/.test(before)) quote = { char: c, offset: i };
    else if (c === "[" || c === "{") {
      brackets.push({ char: c, offset: i });
      if (brackets.length === depth) break;
    }
    else if ((c === "]" || c === "}") && brackets.length > 0) brackets.pop();
  }
  return quote ? { brackets, quote } : { brackets };
}

/** The last non-blank character before `i` on its line ("" at the start of a line). */
function previousToken(text: string, i: number): string {
  for (let j = i - 1; j >= 0; j--) {
    const c = text[j]!;
    if (c === "\n") return "";
    if (c !== " " && c !== "\t") return c;
  }
  return "";
}
