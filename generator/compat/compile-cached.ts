/**
 * The two catalogs of a comparison, each from the IR cache when it holds it, else compiled
 * (both at once, the base in a worker, when both are missing) and stored for the next run;
 * compiling reuses the files the cache holds parsed (parse-cache.ts).
 */
import { compileBoth, compileForCompat } from "./compile-for-compat.js";
import type { Compiled } from "./compiled.js";
import { readCached, writeCached, type IrCache } from "./ir-cache.js";

export interface CacheableCatalog {
  path: string;
  /** Its cache key (ir-cache.ts: by git tree or by content). */
  key: string;
}

export async function compilePair(cache: IrCache | undefined, current: CacheableCatalog, base: CacheableCatalog | undefined): Promise<[Compiled, Compiled | undefined]> {
  const hits = [readCached(cache, current.key, current.path), base && readCached(cache, base.key, base.path)] as const;
  let [now, before] = hits;
  if (!now && !before && base) [now, before] = await compileBoth(current.path, base.path, cache);
  // one catalog alone (the other came from the cache): its files are parsed on two threads
  const alone = { ...(cache ? { cache } : {}), parallel: true };
  now ??= await compileForCompat(current.path, alone);
  if (base) before ??= await compileForCompat(base.path, alone);
  if (!hits[0]) writeCached(cache, current.key, current.path, now);
  if (base && before && !hits[1]) writeCached(cache, base.key, base.path, before);
  return [now, before];
}
