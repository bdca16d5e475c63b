/**
 * Compiled validators kept on disk between `codegen` runs, one JSON file per schema hash
 * (`node_modules/.cache/eventsmith/validators/<hash>.json`). A corrupt or unreadable entry is a
 * cache miss, never an error.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledModule } from "../emit/validators/compile-validator.js";
import { memoryValidatorCache, type ValidatorCache } from "../emit/validators/validator-cache.js";

export function diskValidatorCache(dir: string): ValidatorCache {
  const memory = memoryValidatorCache();
  let ready = false;
  return {
    get(hash) {
      const hit = memory.get(hash);
      if (hit) return hit;
      try {
        const module = JSON.parse(readFileSync(join(dir, `${hash}.json`), "utf8")) as CompiledModule;
        if (!Array.isArray(module.imports) || typeof module.body !== "string") return undefined;
        memory.set(hash, module);
        return module;
      } catch {
        return undefined;
      }
    },
    set(hash, module) {
      memory.set(hash, module);
      try {
        if (!ready) mkdirSync(dir, { recursive: true });
        ready = true;
        const file = join(dir, `${hash}.json`);
        writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(module));
        renameSync(`${file}.${process.pid}.tmp`, file);
      } catch {
        // a read-only or full disk only costs a recompilation next time
      }
    },
  };
}

export function defaultCacheDir(cwd: string): string {
  return join(cwd, "node_modules", ".cache", "eventsmith", "validators");
}
