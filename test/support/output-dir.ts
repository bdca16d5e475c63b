/**
 * A fresh folder under test/.output (git-ignored, inside the repository so generated SDKs resolve
 * `eventsmith` to this package). Created on demand: a fresh clone has no test/.output.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";

export const OUTPUT_ROOT = resolve(import.meta.dirname, "../.output");

export function outputDir(prefix: string): string {
  mkdirSync(OUTPUT_ROOT, { recursive: true });
  return mkdtempSync(join(OUTPUT_ROOT, `${prefix}-`));
}
