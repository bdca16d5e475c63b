/**
 * Compiled validators kept on disk between `codegen` runs, one JSON file per schema hash
 * (`node_modules/.cache/eventsmith/validators/<hash>.json`). A corrupt or unreadable entry is a
 * cache miss, never an error.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import type { CompiledModule } from "../emit/validators/compile-validator.js";
import { memoryValidatorCache, type ValidatorCache, type VerdictStore } from "../emit/validators/validator-cache.js";

export function diskValidatorCache(dir: string): ValidatorCache {
  const memory = memoryValidatorCache();
  let ready = false;
  return {
    verdicts: diskVerdictStore(join(dirname(dir), "example-verdicts.json")),
    get(hash) {
      const hit = memory.get(hash);
      if (hit) return hit;
      try {
        const module = JSON.parse(readFileSync(join(dir, `${hash}.json`), "utf8")) as CompiledModule;
        if (!Array.isArray(module.imports) || !Array.isArray(module.shared) || typeof module.body !== "string") return undefined;
        memory.set(hash, module);
        return module;
      } catch {
        return undefined;
      }
    },
    has: (hash) => memory.get(hash) !== undefined || existsSync(join(dir, `${hash}.json`)),
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

/**
 * Example verdicts in one file, by a digest of the verdict key (the key holds the whole example):
 * reading 2,000 verdicts costs a millisecond, loading the 2,000 modules to find them again seconds.
 */
function diskVerdictStore(file: string): VerdictStore {
  let kept: Record<string, boolean> | undefined;
  const digest = (key: string) => createHash("sha256").update(key).digest("base64url").slice(0, 22);
  const read = (): Record<string, boolean> => {
    if (kept) return kept;
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
      kept = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, boolean>) : {};
    } catch {
      kept = {};
    }
    return kept;
  };
  return {
    get(key) {
      const verdict = read()[digest(key)];
      return typeof verdict === "boolean" ? verdict : undefined;
    },
    save(verdicts) {
      const next: Record<string, boolean> = {};
      for (const [key, valid] of verdicts) next[digest(key)] = valid;
      const before = read();
      const keys = Object.keys(next);
      if (keys.length === Object.keys(before).length && keys.every((k) => before[k] === next[k])) return;
      kept = next;
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(next));
        renameSync(`${file}.${process.pid}.tmp`, file);
      } catch {
        // not kept: the next build loads the validators to judge the examples again
      }
    },
  };
}

export function defaultCacheDir(cwd: string): string {
  return join(cwd, "node_modules", ".cache", "eventsmith", "validators");
}
