// The baseline of `npm run bench:codegen`, run as a cold process the way eventsmith's CLI is:
// @asyncapi/modelina's TypeScript generator (types only) on every document of a catalog, each
// model written to <out>/<name>.ts. Plain JavaScript, so no TypeScript loader slows the baseline.
//
//   node bench/modelina-cold.mjs <catalog dir> <out dir>
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { TypeScriptGenerator } from "@asyncapi/modelina";

const [catalog, out] = process.argv.slice(2);
const generator = new TypeScriptGenerator({ modelType: "interface" });
mkdirSync(out, { recursive: true });
let models = 0;
for (const name of readdirSync(catalog).filter((file) => file.startsWith("domain-")).sort()) {
  // a file URL: modelina parses it with @asyncapi/parser, which resolves the $refs to common.yaml
  for (const model of await generator.generate(pathToFileURL(join(catalog, name)).href)) {
    writeFileSync(join(out, `${model.modelName}.ts`), model.result);
    models++;
  }
}
console.log(`${models} models`);
