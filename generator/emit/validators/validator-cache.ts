/**
 * Compiled validator modules by job hash. Compiling is the expensive part of codegen, so an
 * unchanged schema is never compiled twice: in memory within a process (`--watch`), on disk
 * across runs (the CLI passes a disk-backed cache).
 */
import type { CompiledModule } from "./compile-validator.js";

export interface ValidatorCache {
  get(hash: string): CompiledModule | undefined;
  /** Whether `get` would find it, without reading it (a disk cache need not load 2,000 modules to know). */
  has?(hash: string): boolean;
  set(hash: string, module: CompiledModule): void;
  /** Example verdicts kept across runs, so a build whose validators all come from the cache need not load them to judge unchanged examples. */
  verdicts?: VerdictStore;
}

/** Verdicts by `verdictKey` (see example-verdicts). */
export interface VerdictStore {
  get(key: string): boolean | undefined;
  /** Replaces what is kept with these verdicts (one catalog's: the store does not grow with every edit). */
  save(verdicts: ReadonlyMap<string, boolean>): void;
}

export function memoryValidatorCache(): ValidatorCache & { readonly size: number } {
  const map = new Map<string, CompiledModule>();
  return {
    get: (hash) => map.get(hash),
    set: (hash, module) => void map.set(hash, module),
    get size() {
      return map.size;
    },
  };
}
