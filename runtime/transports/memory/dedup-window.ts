/**
 * Remembers recently published event ids so that publishing one id twice delivers it
 * once: at most `maxEntries` ids, each for at most `windowMs` (JetStream's duplicate
 * window, in process).
 *
 * Built for the publish hot path, where keeping a hundred thousand id strings alive would
 * make the garbage collector copy and promote every one of them. A UUIDv7 is remembered
 * as numbers in typed arrays: its millisecond, the 28 bits after the version nibble
 * (where the bus keeps its counter) and its last 48 bits; the three together are the
 * whole id, so nothing is lost. Ids the bus generated arrive in increasing order (their
 * envelope carries the id's generation sequence, see BusEnvelope.sequenceOf), which keeps
 * that ring sorted for binary search, and their parts come from the generator, so the
 * string is not read at all. Other ids (not UUIDv7, or out of order) are kept as strings
 * in a map.
 */
import { generatedIdParts, type IdParts } from "../../bus/ids.js";
export interface DedupOptions {
  /** Ids remembered at most, for generated ids and again for other ones (default 100,000 each). */
  maxEntries?: number;
  /** How long an id is remembered (default 120,000 ms). */
  windowMs?: number;
}

export class DedupWindow {
  private readonly maxEntries: number;
  private readonly windowMs: number;
  /** Ring of generated ids (increasing) as numbers, with the time each was seen; `head` is the next slot. */
  private readonly millis: Float64Array;
  private readonly middle: Int32Array;
  private readonly tail: Float64Array;
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;
  private lastSequence = -1;
  /** The other ids, with when they were seen (insertion order is time order). */
  private readonly others = new Map<string, number>();

  constructor(options: DedupOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.windowMs = options.windowMs ?? 120_000;
    this.millis = new Float64Array(this.maxEntries);
    this.middle = new Int32Array(this.maxEntries);
    this.tail = new Float64Array(this.maxEntries);
    this.times = new Float64Array(this.maxEntries);
  }

  /**
   * True if `id` was seen within the window; otherwise remembers it and returns false.
   * `sequence`: the envelope's creation sequence when the bus generated its id, else -1.
   */
  isDuplicate(id: string, now: number, sequence = -1): boolean {
    this.forget(now);
    if (sequence > this.lastSequence && (generatedIdParts(sequence, parsed) || parseUuidV7(id))) {
      this.lastSequence = sequence;
      this.append(now);
      return false;
    }
    if (parseUuidV7(id) && this.search()) return true;
    if (this.others.has(id)) return true;
    this.others.set(id, now);
    return false;
  }

  /** Drops ids older than the window, and the oldest beyond `maxEntries`. */
  private forget(now: number): void {
    const oldest = now - this.windowMs;
    while (this.count > 0 && (this.count >= this.maxEntries || this.times[this.slot(0)]! <= oldest)) this.count--;
    if (this.others.size === 0) return;
    for (const [id, seen] of this.others) {
      if (seen > oldest && this.others.size < this.maxEntries) break;
      this.others.delete(id);
    }
  }

  /** Appends the id at hand. */
  private append(now: number): void {
    this.millis[this.head] = parsed.millis;
    this.middle[this.head] = parsed.middle;
    this.tail[this.head] = parsed.tail;
    this.times[this.head] = now;
    this.head = (this.head + 1) % this.maxEntries;
    this.count++;
  }

  /** Binary search of the ring for the id at hand. */
  private search(): boolean {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const slot = this.slot(mid);
      const millis = this.millis[slot]!;
      const middle = this.middle[slot]!;
      if (millis === parsed.millis && middle === parsed.middle) return this.tail[slot] === parsed.tail;
      if (millis < parsed.millis || (millis === parsed.millis && middle < parsed.middle)) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  /** The ring slot of the i-th oldest remembered id. */
  private slot(i: number): number {
    return (this.head - this.count + i + this.maxEntries) % this.maxEntries;
  }
}

/** The parts of the id at hand (filled by `generatedIdParts` or `parseUuidV7`, no allocation per call). */
const parsed: IdParts = { millis: 0, middle: 0, tail: 0 };

/**
 * Parses `xxxxxxxx-xxxx-7xxx-xxxx-xxxxxxxxxxxx` (lowercase hex) into its millisecond (48
 * bits), the 28 bits after the version nibble and the last 48 bits; false for anything else.
 */
function parseUuidV7(id: string): boolean {
  if (id.length !== 36 || id.charCodeAt(14) !== 55 /* 7 */) return false;
  let millis = 0;
  let middle = 0;
  let tail = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45 /* - */) return false;
      continue;
    }
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return false;
    if (i < 13) millis = millis * 16 + digit;
    else if (i === 14) continue;
    else if (i < 23) middle = middle * 16 + digit;
    else tail = tail * 16 + digit;
  }
  parsed.millis = millis;
  parsed.middle = middle;
  parsed.tail = tail;
  return true;
}
