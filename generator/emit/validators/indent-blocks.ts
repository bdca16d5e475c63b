/**
 * Indents ajv's standalone code by its blocks. With `code.lines` ajv prints every statement on
 * a line of its own, opens each block at the end of a line (`if(...){`, `else {`) and closes it
 * at the start of one; its strings are JSON-escaped, so none spans a line. So the lines alone
 * say the depth, without the scan `reindent` needs for code of unknown shape (a fifth of the
 * cost of compiling a module).
 */
const INDENT = "  ";

export function indentBlocks(code: string): string {
  let depth = 0;
  return code
    .split("\n")
    .map((line) => {
      if (line.startsWith("}")) depth = Math.max(0, depth - 1);
      const indented = line === "" ? line : INDENT.repeat(depth) + line;
      if (line.endsWith("{")) depth++;
      return indented;
    })
    .join("\n");
}
