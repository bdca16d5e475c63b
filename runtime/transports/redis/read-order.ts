/**
 * Keeps delivery in order when one XREADGROUP reads several streams. `COUNT n` applies per
 * stream, so a stream that came back full (n entries) may hold more, older than what other
 * streams returned. Entries after the earliest "full" point are parked until the next read
 * has fetched what may precede them. Order is (priority, entry id): strict priority between
 * levels, publish order within one (entry ids come from one clock per namespace).
 */
import { compareIds } from "./entry.js";

export interface Ordered {
  stream: string;
  id: string;
}

export interface Released<T> {
  /** Deliverable now, in order. */
  ready: T[];
  /** To hold back until the next read. */
  parked: T[];
}

/**
 * @param fetched entries of one read, each stream's in stream order
 * @param parked entries held back by earlier reads
 * @param full streams that returned as many entries as the read asked for
 * @param rank priority rank of an entry (0 = highest)
 */
export function releaseInOrder<T extends Ordered>(
  fetched: readonly T[],
  parked: readonly T[],
  full: ReadonlySet<string>,
  rank: (entry: T) => number,
): Released<T> {
  if (parked.length === 0 && fromOneStream(fetched)) return { ready: fetched as T[], parked: [] }; // already in order
  const compare = (a: T, b: T) => rank(a) - rank(b) || compareIds(a.id, b.id);
  // The last entry fetched from each full stream: anything after it may follow unfetched entries.
  const lastOfFull = new Map<string, T>();
  for (const entry of fetched) if (full.has(entry.stream)) lastOfFull.set(entry.stream, entry);
  let cutoff: T | undefined;
  for (const entry of lastOfFull.values()) if (cutoff === undefined || compare(entry, cutoff) < 0) cutoff = entry;
  const all = [...parked, ...fetched].sort(compare);
  if (cutoff === undefined) return { ready: all, parked: [] };
  const split = all.findIndex((entry) => compare(entry, cutoff) > 0);
  return split === -1 ? { ready: all, parked: [] } : { ready: all.slice(0, split), parked: all.slice(split) };
}

function fromOneStream(entries: readonly Ordered[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i]!.stream !== entries[0]!.stream) return false;
  return true;
}
