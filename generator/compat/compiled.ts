/** A catalog compiled for compat: what the compile step, its disk cache and the report share. */
import type { Diagnostic } from "../diagnostics.js";
import type { CatalogIR } from "../ir/types.js";

export interface Compiled {
  /** Present when load and IR building found no error. */
  ir?: CatalogIR;
  diagnostics: Diagnostic[];
  /** Absolute catalog root (locations are relative to it). */
  root: string;
}
