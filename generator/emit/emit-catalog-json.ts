/** `catalog.json`: the CatalogIR as data, for tools and for humans debugging the compiler. */
import type { CatalogIR } from "../ir/types.js";
import { jsonFile, type GeneratedFile } from "./generated-file.js";

export function emitCatalogJson(ir: CatalogIR): GeneratedFile {
  return jsonFile("catalog.json", ir as unknown as Record<string, unknown>);
}
