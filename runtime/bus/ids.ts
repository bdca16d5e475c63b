/**
 * Event ids: UUIDv7 (RFC 9562), time-ordered and unique. Within one millisecond a 26-bit
 * counter (rand_a plus the top of rand_b: "method 1", a fixed-length dedicated counter)
 * keeps ids strictly increasing in this process; it starts at a random value each
 * millisecond and the last 48 bits are random per millisecond, so ids of different
 * processes do not collide. Built for the publish hot path: the timestamp and random
 * parts are formatted once per millisecond, the counter through lookup tables, and the
 * numeric parts of the last 4,096 ids stay available by generation sequence.
 */
import { randomFillSync } from "node:crypto";

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");
/** rand_a: the version nibble and the counter's top 12 bits. */
const RAND_A = Array.from({ length: 1 << 12 }, (_, i) => `7${hex(i, 3)}`);
/** The variant bits (10) and the counter's low 14 bits. */
const RAND_B = Array.from({ length: 1 << 14 }, (_, i) => hex(0x8000 | i, 4));

const COUNTER_LIMIT = 2 ** 26;
let lastMs = -1;
let counter = 0;
let prefix = "";
let suffix = "";
/** The last 48 bits of this millisecond's ids, as a number. */
let tail = 0;

/**
 * The parts of the last ids generated, by generation sequence, for the memory transport's
 * dedup window: it remembers ids as these numbers instead of parsing (or keeping) strings.
 */
export interface IdParts {
  /** The 48-bit millisecond. */
  millis: number;
  /** The 28 bits after the version nibble: rand_a and the first 16 bits of rand_b. */
  middle: number;
  /** The last 48 bits. */
  tail: number;
}
const RECENT = 4096;
const recentSequence = new Float64Array(RECENT);
const recentMillis = new Float64Array(RECENT);
const recentMiddle = new Int32Array(RECENT);
const recentTail = new Float64Array(RECENT);
let generated = 0;

export function newId(now: number = Date.now()): string {
  if (now > lastMs) {
    startMillisecond(now);
  } else if (++counter >= COUNTER_LIMIT) {
    // More than 2^25 ids in one millisecond (or the clock went back): borrow the next one.
    startMillisecond(lastMs + 1);
  }
  const slot = ++generated & (RECENT - 1);
  recentSequence[slot] = generated;
  recentMillis[slot] = lastMs;
  recentMiddle[slot] = (counter >>> 14) * 0x10000 + (0x8000 | (counter & 0x3fff));
  recentTail[slot] = tail;
  return prefix + RAND_A[counter >>> 14] + "-" + RAND_B[counter & 0x3fff] + suffix;
}

/** The generation sequence of the id `newId` returned last (ids increase with it). */
export function lastIdSequence(): number {
  return generated;
}

/** Fills `into` with the parts of the id generated at `sequence`; false once it is too old to be remembered. */
export function generatedIdParts(sequence: number, into: IdParts): boolean {
  const slot = sequence & (RECENT - 1);
  if (recentSequence[slot] !== sequence) return false;
  into.millis = recentMillis[slot]!;
  into.middle = recentMiddle[slot]!;
  into.tail = recentTail[slot]!;
  return true;
}

/** Random bytes for 400 milliseconds at a time: one system call instead of one per millisecond. */
const random = Buffer.alloc(10 * 400);
let randomOffset = random.length;

function startMillisecond(ms: number): void {
  lastMs = ms;
  if (randomOffset === random.length) {
    randomFillSync(random);
    randomOffset = 0;
  }
  // A random start in the lower half leaves room for 2^25 increments in this millisecond.
  counter = random.readUIntBE(randomOffset, 4) & (COUNTER_LIMIT / 2 - 1);
  const time = hex(ms, 12);
  prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-`;
  suffix = `-${random.toString("hex", randomOffset + 4, randomOffset + 10)}`;
  tail = random.readUIntBE(randomOffset + 4, 6);
  randomOffset += 10;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidV7(id: string): boolean {
  return UUID_V7.test(id);
}

/** The Unix time in milliseconds encoded in a UUIDv7. */
export function uuidV7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
