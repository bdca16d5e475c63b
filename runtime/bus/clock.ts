/** Clocks for the publish hot path. */
let lastMs = -1;
let lastIso = "";

/** RFC 3339 timestamp of `now`, formatted at most once per millisecond. */
export function isoTime(now: number = Date.now()): string {
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

const COARSE_READS = 1024;
let coarse = 0;
let reads = 0;
let coarseTurn = false;
const endCoarseTurn = () => {
  coarseTurn = false;
};

/**
 * `Date.now()` for bookkeeping that only needs a rough time (windows measured in
 * seconds): read again on each turn of the event loop and every 1,024 calls within one.
 */
export function coarseNow(): number {
  if (!coarseTurn || ++reads > COARSE_READS) {
    coarse = Date.now();
    reads = 0;
    if (!coarseTurn) {
      coarseTurn = true;
      setImmediate(endCoarseTurn).unref();
    }
  }
  return coarse;
}
