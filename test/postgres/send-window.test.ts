/** The relay's send window: chunks issued in order across batches, bounded in flight, failures fail later batches. */
import { describe, expect, test } from "vitest";
import type { CloudEvent } from "eventsmith/runtime";
import { SendWindow } from "../../runtime/postgres/send-window.js";

const events = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: String(from + i) }) as CloudEvent);

describe("SendWindow", () => {
  test.each([
    { given: { inFlight: 256, batches: [20, 5, 40] }, want: { maxInFlight: 65 } },
    { given: { inFlight: 16, batches: [20, 5, 40] }, want: { maxInFlight: 16 } },
    { given: { inFlight: 1, batches: [3, 3] }, want: { maxInFlight: 1 } },
  ])("inFlight $given.inFlight: every event issued once, in order, at most $want.maxInFlight unacknowledged", async ({ given, want }) => {
    const issued: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const window = new SendWindow(async (chunk) => {
      issued.push(...chunk.map((e) => e.id));
      inFlight += chunk.length;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1 + (Number(chunk[0]!.id) % 3)));
      inFlight -= chunk.length;
    }, given.inFlight);
    let next = 0;
    await Promise.all(given.batches.map((count) => window.push(events((next += count) - count, count))));
    await window.close();
    expect({ issued, maxInFlight }).toEqual({ issued: events(0, next).map((e) => e.id), maxInFlight: want.maxInFlight });
  });

  test("a failed chunk fails its batch and every later one", async () => {
    const window = new SendWindow(async (chunk) => {
      if (chunk.some((e) => e.id === "10")) throw new Error("broker gone");
    }, 8);
    const results = await Promise.allSettled([window.push(events(0, 8)), window.push(events(8, 8)), window.push(events(16, 8))]);
    await window.close();
    expect(results.map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as Error).message))).toEqual(["ok", "broker gone", "broker gone"]);
    await expect(window.push(events(24, 1))).rejects.toThrow("broker gone");
  });
});
