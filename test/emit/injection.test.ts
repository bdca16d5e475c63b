/**
 * Catalog text is data. Text built to break out of comments, strings and template literals
 * must yield code that compiles and carries that text only inside comments or string literals.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { writeOutput } from "../../generator/cli/write-output.js";
import { generate } from "../../generator/generate.js";
import { typecheck } from "../support/typecheck.js";
import { outputDir } from "../support/output-dir.js";

/** Every hostile piece at once, tagged so its tokens can be found in the output. */
const EVIL = "INJECTED */ `tick` ${process.exit(1)} \"dq\" 'sq' \\ back\nslash\u2028line ünïcødé 💥 </script> -->";

const yaml = JSON.stringify; // YAML 1.2 reads JSON strings, escapes included

const catalog = `asyncapi: 3.0.0
info:
  x-eventsmith:
    # the hostile values break the hostile pattern on purpose: kept, and reported as warnings
    rules: { example-invalid: warning, schema-value-invalid: warning }
  title: ${yaml("Evil " + EVIL)}
  version: ${yaml("1.0 " + EVIL)}
  description: ${yaml(EVIL)}
channels:
  evil:
    address: ${yaml("evil.{param" + "'\"`}.created")}
    description: ${yaml(EVIL)}
    parameters:
      ${yaml("param'\"`")}:
        description: ${yaml(EVIL)}
    messages:
      evil:
        $ref: '#/components/messages/evil'
operations:
  ${yaml("send " + EVIL)}:
    action: send
    channel: { $ref: '#/channels/evil' }
    description: ${yaml(EVIL)}
    x-service: ${yaml("svc " + EVIL)}
components:
  messages:
    evil:
      name: ${yaml("evil.thing.created " + EVIL)}
      title: ${yaml(EVIL)}
      summary: ${yaml(EVIL)}
      description: ${yaml(EVIL)}
      x-version: ${yaml("2 " + EVIL)}
      payload:
        $ref: '#/components/schemas/Evil'
      examples:
        - name: ${yaml(EVIL)}
          payload:
            ${yaml("key " + EVIL)}: ${yaml(EVIL)}
            kind: ${yaml("a" + EVIL)}
  schemas:
    Evil:
      type: object
      title: ${yaml(EVIL)}
      description: ${yaml(EVIL)}
      properties:
        ${yaml("key " + EVIL)}:
          type: string
          description: ${yaml(EVIL)}
          pattern: ${yaml("^[^*/]*$")}
          default: ${yaml(EVIL)}
          examples: [${yaml(EVIL)}]
        kind:
          enum: [${yaml("a" + EVIL)}, ${yaml("b */ ${x}")}]
        ${yaml("nested" + EVIL)}:
          type: object
          properties:
            ${yaml("deep */" + EVIL)}:
              const: ${yaml(EVIL)}
`;

describe("catalog text never escapes into code", () => {
  it("compiles, and every token holding catalog text is a comment or a string literal", async () => {
    const dir = outputDir("injection");
    writeFileSync(join(dir, "catalog.yaml"), catalog);
    const result = await generate(join(dir, "catalog.yaml"));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = join(dir, "generated");
    await writeOutput(out, result.files!);

    expect(typecheck([join(out, "index.ts")])).toEqual([]);

    let carriers = 0;
    for (const file of result.files!.filter((f) => /\.(ts|js)$/.test(f.path))) {
      const safe = safeRanges(file.path, file.contents);
      // names also become identifiers, but only as letters and digits; these fragments cannot
      for (const marker of ["process.exit(1)", "*/ `tick`", "ünïcødé", "</script>"]) {
        for (let at = file.contents.indexOf(marker); at !== -1; at = file.contents.indexOf(marker, at + 1)) {
          carriers++;
          const inside = safe.some(([from, to]) => at >= from && at < to);
          expect({ file: file.path, at, context: file.contents.slice(Math.max(0, at - 40), at), inside }).toMatchObject({ inside: true });
        }
      }
    }
    expect(carriers).toBeGreaterThan(10);
  });
});

/** Ranges of every comment and every string literal (the only places catalog text may live). */
function safeRanges(path: string, text: string): Array<[number, number]> {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const ranges: Array<[number, number]> = [];
  const comments = (list: ts.CommentRange[] | undefined) => list?.forEach((c) => ranges.push([c.pos, c.end]));
  const visit = (node: ts.Node) => {
    comments(ts.getLeadingCommentRanges(text, node.pos));
    comments(ts.getTrailingCommentRanges(text, node.end));
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ranges.push([node.getStart(), node.end]);
    node.forEachChild(visit);
  };
  visit(source);
  return ranges;
}
