/** The YAML and JSON files of a catalog path (a directory, recursively, or the one file given), sorted. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function catalogFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}
