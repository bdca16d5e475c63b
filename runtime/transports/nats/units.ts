/**
 * Durations (`7d`, `30s`, `500ms`) and sizes (`10GB`) as catalogs write them, turned into
 * the numbers JetStream wants. Numbers pass through (milliseconds / bytes). Sizes use
 * binary multiples (1 KB = 1024 bytes), as the nats CLI does.
 */
import { InvalidOptionsError } from "../../bus/errors.js";

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 };
const AMOUNT = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** Milliseconds from `7d`, `1.5h`, `250ms` or a number of milliseconds; 0 means unlimited. */
export function parseDuration(value: unknown, path: string): number {
  return parseAmount(value, path, DURATION_UNITS, "a duration such as 30s, 2m, 7d or milliseconds");
}

/** Bytes from `10GB`, `512MB` or a number of bytes; -1 means unlimited. */
export function parseSize(value: unknown, path: string): number {
  if (value === -1) return -1;
  return Math.round(parseAmount(value, path, SIZE_UNITS, "a size such as 512MB, 10GB, a number of bytes, or -1"));
}

function parseAmount(value: unknown, path: string, units: Record<string, number>, expected: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === "string") {
    const match = AMOUNT.exec(value.trim());
    const factor = match === null ? undefined : units[(match[2] || (units === SIZE_UNITS ? "b" : "ms")).toLowerCase()];
    if (match !== null && factor !== undefined) return Number(match[1]) * factor;
  }
  throw new InvalidOptionsError(path, `must be ${expected} (got ${JSON.stringify(value)})`);
}

/** Readable form for error messages: `7d`, `90s`, `10GB`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "unlimited";
  // Days read better than weeks (7d, 14d).
  const { w: _weeks, ...units } = DURATION_UNITS;
  return formatAmount(ms, units);
}

export function formatSize(bytes: number): string {
  if (bytes < 0) return "unlimited";
  return formatAmount(bytes, SIZE_UNITS).toUpperCase();
}

function formatAmount(amount: number, units: Record<string, number>): string {
  const fitting = Object.entries(units)
    .filter(([, factor]) => amount % factor === 0)
    .sort((a, b) => b[1] - a[1])[0];
  return fitting === undefined ? String(amount) : `${amount / fitting[1]}${fitting[0]}`;
}
