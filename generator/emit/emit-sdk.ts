/**
 * Every generated file for a catalog, from its IR alone: `(ir, options) => GeneratedFile[]`.
 * Pure: no filesystem, clock or cwd; the same IR always gives the same bytes.
 */
import type { CatalogIR } from "../ir/types.js";
import { eventFieldRows } from "./docs/docs-model.js";
import { emitMarkdownDocs } from "./docs/emit-markdown-docs.js";
import { emitCatalogJson } from "./emit-catalog-json.js";
import type { GeneratedFile } from "./generated-file.js";
import { assignNames } from "./naming.js";
import { emitObservability } from "./observability/emit-observability.js";
import { emitChannels } from "./sdk/emit-channels.js";
import { emitEventMap } from "./sdk/emit-event-map.js";
import { emitEvents } from "./sdk/emit-events.js";
import { emitIndex } from "./sdk/emit-index.js";
import { emitServices } from "./sdk/emit-services.js";
import { emitTypes } from "./types/emit-types.js";
import { emitValidators, type ValidatorEmitOptions } from "./validators/emit-validators.js";
import type { ExampleVerdicts } from "./validators/example-verdicts.js";
import { memoryValidatorCache } from "./validators/validator-cache.js";

export interface EmitOptions extends ValidatorEmitOptions {
  /** Example verdicts codegen already found (see compile-validators): the docs need not run those examples again. */
  verdicts?: ExampleVerdicts;
}

export function emitSdk(ir: CatalogIR, options: EmitOptions = {}): GeneratedFile[] {
  const names = assignNames(ir);
  // one cache: the docs check their examples with the very validator modules the SDK ships
  const cache = options.cache ?? memoryValidatorCache();
  const files = [
    ...prepareSdk(ir, options),
    ...emitValidators(ir, names, { ...options, cache }),
    ...emitMarkdownDocs(ir, names, { cache, ...(options.verdicts ? { verdicts: options.verdicts } : {}), ...(options.memo ? { memo: options.memo } : {}) }),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Everything `emitSdk` can do before the validators are compiled (codegen does it while they
 * compile): the files that need none, and the docs' field rows (into `memo`). Given the same
 * IR and memo, `emitSdk` then takes them from the memo; the output is the same either way.
 */
export function prepareSdk(ir: CatalogIR, options: Pick<EmitOptions, "memo"> = {}): GeneratedFile[] {
  const make = () => {
    const names = assignNames(ir);
    const files = [
      emitCatalogJson(ir),
      emitTypes(ir, names, options.memo),
      emitEventMap(ir, names),
      emitEvents(ir, names),
      emitIndex(ir, names),
      ...emitServices(ir, names),
      emitChannels(ir, names),
      ...emitObservability(ir),
    ];
    if (options.memo) for (const event of ir.events) eventFieldRows(ir, event, options.memo);
    return files;
  };
  return options.memo ? options.memo.rememberFor(ir, "prepared-sdk", make) : make();
}
