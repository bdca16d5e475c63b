import { vi } from "vitest";

/** `vi.waitFor` with room for a loaded machine (its default gives up after one second). */
export function eventually<T>(assertion: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(assertion, { timeout: 10_000, interval: 5 });
}
