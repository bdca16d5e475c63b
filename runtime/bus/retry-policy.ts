/** Retry delays: a list of delays (the last one repeats) or an exponential schedule with jitter. */
import type { Backoff } from "./bus-types.js";

/** Returns the delay before the retry that follows failed attempt `attempt` (1-based). */
export function retrySchedule(backoff: Backoff): (attempt: number) => number {
  if (Array.isArray(backoff)) {
    const delays: readonly number[] = backoff.length === 0 ? [0] : backoff;
    return (attempt) => delays[Math.min(attempt, delays.length) - 1]!;
  }
  const { initialMs, maxMs, factor = 2, jitter = 0 } = (backoff as Exclude<Backoff, readonly number[]>).exponential;
  return (attempt) => {
    const delay = Math.min(maxMs, initialMs * factor ** (attempt - 1));
    return Math.round(delay - delay * jitter * Math.random());
  };
}
