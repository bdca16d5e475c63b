/**
 * The baseline, as its own process: @asyncapi/diff on the same pair, the way its README says to
 * use it (each document parsed and dereferenced by @asyncapi/parser, then diffed). Prints
 * `{ changes: [{ path, type }] }` for every document of the catalog.
 */
import { Parser } from "@asyncapi/parser";
import { diff } from "@asyncapi/diff";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [before, after] = process.argv.slice(2) as [string, string];
const parser = new Parser();
const parsed = async (file: string) => {
  const { document } = await parser.parse(readFileSync(file, "utf8"), { source: file });
  if (!document) throw new Error(`@asyncapi/parser could not parse ${file}`);
  return document.json();
};
const changes: Array<{ path: string; type: string }> = [];
let diffMs = 0;
for (const name of readdirSync(before).filter((f) => f.startsWith("domain-")).sort()) {
  const [a, b] = [await parsed(join(before, name)), await parsed(join(after, name))];
  const started = performance.now();
  const output = diff(a, b, { outputType: "json" }).getOutput() as { changes: Array<{ path: string; type: string }> };
  diffMs += performance.now() - started;
  for (const change of output.changes) changes.push({ path: `${name}#${change.path}`, type: change.type });
}
process.stdout.write(JSON.stringify({ changes, diffMs }) + "\n");
