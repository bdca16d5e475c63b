/** The memory transport's options, checked like every other option (unknown keys are errors). */
import { InvalidOptionsError } from "../../bus/errors.js";
import { checkOptions, duration, integer, type Shape } from "../../bus/option-checks.js";
import type { DedupOptions } from "./dedup-window.js";

export interface MemoryTransportOptions {
  /** Events queued per group beyond which publishers wait (default 1,024). Small keeps envelopes young for the garbage collector. */
  maxQueued?: number;
  /** Deliveries started per scheduled turn before yielding to I/O (default 1,024). */
  batchSize?: number;
  /** Duplicate-id window, or `false` to deliver every publish (default: 100,000 ids / 2 minutes). */
  dedup?: DedupOptions | false;
}

export const MEMORY_OPTIONS: Shape = {
  maxQueued: integer(1),
  batchSize: integer(1),
  dedup: (value, path) => {
    if (value === false) return;
    if (value === true) throw new InvalidOptionsError(path, "must be false or { maxEntries?, windowMs? } (deduplication is on by default)");
    checkOptions(value, { maxEntries: integer(1), windowMs: duration }, path);
  },
};
