import { describe, expect, it } from "vitest";
import { createBus, InvalidOptionsError, memoryTransport } from "eventsmith/runtime";
import { createTestBus, recordingTransport } from "eventsmith/testing";
import { resolveSubscribeOptions } from "../../runtime/bus/options.js";
import { retrySchedule } from "../../runtime/bus/retry-policy.js";
import { catalog } from "../fixtures/runtime/catalog.js";

const defaults = catalog.delivery;

describe("subscription options", () => {
  it.each([
    { given: { grup: "x" }, want: "options.grup: unknown option (expected one of group, filter, tenantId, concurrency, timeout, maxDeliver, backoff, nonRetryable, ackTimeoutMs, signal, inbox)" },
    { given: { group: "with.dot" }, want: "options.group: must be 1-128 characters of A-Z, a-z, 0-9, _ or - (it names a broker consumer)" },
    { given: { concurrency: 0 }, want: "options.concurrency: must be an integer >= 1" },
    { given: { maxDeliver: 1.5 }, want: "options.maxDeliver: must be an integer >= 1" },
    { given: { timeout: -1 }, want: "options.timeout: must be a positive number of milliseconds" },
    { given: { backoff: [] }, want: "options.backoff: must list at least one delay" },
    { given: { backoff: [10, -1] }, want: "options.backoff[1]: must be a delay in milliseconds >= 0" },
    { given: { backoff: { linear: 5 } }, want: "options.backoff.linear: unknown option (expected one of exponential)" },
    { given: { backoff: { exponential: { initialMs: 10 } } }, want: "options.backoff.exponential: needs initialMs and maxMs" },
    { given: { backoff: { exponential: { initialMs: 10, maxMs: 5 } } }, want: "options.backoff.exponential.maxMs: must be >= initialMs" },
    { given: { backoff: { exponential: { initialMs: 10, maxMs: 50, jitter: 2 } } }, want: "options.backoff.exponential.jitter: must be between 0 and 1" },
    { given: { filter: "yes" }, want: "options.filter: must be a function" },
    { given: { signal: {} }, want: "options.signal: must be an AbortSignal" },
    { given: { group: "g", inbox: {} }, want: "options.inbox: must be an inbox, e.g. postgresInbox({ pool }) from eventsmith/postgres" },
    { given: { inbox: { run: async () => undefined } }, want: "options.inbox: needs options.group: the inbox records what each named group has processed" },
    { given: "fast", want: "options: must be an object" },
  ])("$given -> $want", ({ given, want }) => {
    expect(() => resolveSubscribeOptions(given as never, defaults)).toThrow(new InvalidOptionsError(want.split(": ")[0]!, want.slice(want.indexOf(": ") + 2)));
  });

  it("falls back to the catalog's delivery defaults", () => {
    const settings = resolveSubscribeOptions(undefined, defaults);
    expect(settings).toMatchObject({ concurrency: 10, maxDeliver: 3, ackTimeoutMs: 30_000, timeoutMs: 0, group: undefined });
    expect([1, 2, 3, 4].map(settings.retryDelay)).toEqual([1000, 5000, 30000, 30000]);
  });
});

describe("retry schedules", () => {
  it.each([
    { backoff: [100], want: [100, 100, 100] },
    { backoff: [1000, 5000, 30000], want: [1000, 5000, 30000, 30000] },
    { backoff: { exponential: { initialMs: 100, maxMs: 1000 } }, want: [100, 200, 400, 800, 1000] },
    { backoff: { exponential: { initialMs: 50, maxMs: 10_000, factor: 3 } }, want: [50, 150, 450, 1350] },
  ])("$backoff", ({ backoff, want }) => {
    const delay = retrySchedule(backoff);
    expect(want.map((_, i) => delay(i + 1))).toEqual(want);
  });

  it("jitter lowers each delay by at most its fraction", () => {
    const delay = retrySchedule({ exponential: { initialMs: 1000, maxMs: 1000, jitter: 0.5 } });
    const delays = Array.from({ length: 200 }, () => delay(1));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });
});

describe("bus options", () => {
  it.each([
    { given: { transprot: memoryTransport() }, want: /options\.transprot: unknown option/ },
    { given: { transport: {} }, want: /options\.transport: is not a Transport \(no start\(\) method\)/ },
    { given: { source: "" }, want: /options\.source: must be a non-empty string/ },
    { given: {}, want: /options\.transport: is required: memoryTransport\(\) in process/ },
  ])("refuses $want", ({ given, want }) => {
    expect(() => createBus(catalog, given as never)).toThrow(want);
  });

  it("refuses a catalog without validators", () => {
    const broken = { ...catalog, events: { "order.placed": { ...catalog.events["order.placed"], validate: undefined } } };
    expect(() => createBus(broken as never, { transport: memoryTransport() })).toThrow('catalog.events["order.placed"].validate: must be a precompiled validator function');
  });
});

describe("transport and testing options", () => {
  it.each([
    { make: () => memoryTransport({ maxQueue: 5 } as never), want: /options\.maxQueue: unknown option \(expected one of maxQueued, batchSize, dedup\)/ },
    { make: () => memoryTransport({ batchSize: 0 }), want: /options\.batchSize: must be an integer >= 1/ },
    { make: () => memoryTransport({ dedup: true } as never), want: /options\.dedup: must be false or/ },
    { make: () => memoryTransport({ dedup: { windowMs: 0 } }), want: /options\.dedup\.windowMs: must be a positive number/ },
    { make: () => recordingTransport({ retries: "never" } as never), want: /options\.retries: must be "immediate" or "real"/ },
    { make: () => createTestBus(catalog, { transport: memoryTransport() } as never), want: /options\.transport: unknown option/ },
  ])("refuses $want", ({ make, want }) => {
    expect(make).toThrow(want);
  });
});
