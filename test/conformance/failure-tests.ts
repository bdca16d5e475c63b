/** Conformance: failing handlers, retries, the dead-letter destination and schema rejection. */
import { expect, it } from "vitest";
import { NonRetryableError, PublishValidationError, type CloudEvent, type DeadLetter } from "eventsmith/runtime";
import { sample } from "../fixtures/runtime/samples.js";
import { unique, waitFor, type Bus, type Harness } from "./harness.js";

/** Short schedules keep the suite fast on real brokers. */
const FAST = { backoff: [20], ackTimeoutMs: 2000 } as const;

async function deadLettersOf(bus: Bus, group: string, count: number): Promise<DeadLetter[]> {
  let found: DeadLetter[] = [];
  const deadline = Date.now() + 10_000;
  while ((found = await bus.deadLetters.list({ group })).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} dead letters for ${group}, found ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return found;
}

export function failureTests(h: Harness): void {
  it("redelivers an event after its handler failed", async () => {
    const { bus } = await h.open();
    const attempts: string[] = [];
    const acked: string[] = [];
    await bus.subscribe("order.placed", (event) => {
      attempts.push(`${event.id}#${event.attempt}`);
      if (event.attempt === 1) throw new Error("transient");
      acked.push(event.id);
    }, { ...FAST, maxDeliver: 3 });
    const published = await Promise.all(Array.from({ length: 5 }, (_, i) => bus.publish("order.placed", sample("order.placed", i))));
    await waitFor(() => acked.length >= 5, () => `5 acks (attempts: ${attempts})`);
    const ids = published.map((event) => event.id).sort();
    expect([...acked].sort()).toEqual(ids);
    expect([...attempts].sort()).toEqual(ids.flatMap((id) => [`${id}#1`, `${id}#2`]).sort());
    expect(bus.stats().subscriptions[0]).toMatchObject({ delivered: 10, acked: 5, retried: 5, failed: 5, deadLettered: 0 });
  });

  it("continues after handler errors: other events and later events still get through", async () => {
    const { bus } = await h.open();
    const acked: number[] = [];
    const sub = await bus.subscribe("order.placed", (event) => {
      if (event.data.amount % 2 === 1) throw new Error(`odd amount ${event.data.amount}`);
      acked.push(event.data.amount);
    }, { ...FAST, maxDeliver: 1, concurrency: 1 });
    for (let i = 0; i < 20; i++) await bus.publish("order.placed", { ...sample("order.placed", i), amount: i });
    await waitFor(() => acked.length >= 10, () => `10 even amounts (got ${acked})`);
    for (let i = 20; i < 25; i++) await bus.publish("order.placed", { ...sample("order.placed", i), amount: 2 * i });
    await waitFor(() => acked.length >= 15, () => `15 acks (got ${acked})`);
    const want = [...Array.from({ length: 10 }, (_, i) => 2 * i), 40, 42, 44, 46, 48];
    expect(h.totalOrder ? acked : [...acked].sort((a, b) => a - b)).toEqual(want);
    const dead = await deadLettersOf(bus, sub.group, 10);
    expect(dead.map((entry) => entry.error.message).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `odd amount ${2 * i + 1}`).sort());
  });

  it("honours the backoff schedule between attempts", async () => {
    const { bus } = await h.open();
    const backoff = [100, 300, 50];
    const startedAt: number[] = [];
    await bus.subscribe("order.placed", (event) => {
      startedAt.push(Date.now());
      if (event.attempt <= 3) throw new Error(`attempt ${event.attempt}`);
    }, { backoff, maxDeliver: 5, ackTimeoutMs: 5000 });
    await bus.publish("order.placed", sample("order.placed"));
    await waitFor(() => startedAt.length >= 4, () => `4 attempts (got ${startedAt.length})`);
    const gaps = startedAt.slice(1).map((time, i) => time - startedAt[i]!);
    gaps.forEach((gap, i) => {
      // Timers may fire a few ms early; brokers may add latency, never skip the delay.
      expect(gap, `gap before attempt ${i + 2}`).toBeGreaterThanOrEqual(backoff[i]! - 5);
      expect(gap, `gap before attempt ${i + 2}`).toBeLessThan(backoff[i]! + 2000);
    });
  });

  it("dead-letters after maxDeliver attempts with seed 001's error structure; replays and purges", async () => {
    const { bus } = await h.open();
    let failing = true;
    const attempts: number[] = [];
    const sub = await bus.subscribe("order.placed", (event) => {
      attempts.push(event.attempt);
      if (failing) throw new Error("boom");
    }, { ...FAST, maxDeliver: 3 });
    const event = await bus.publish("order.placed", sample("order.placed"));
    const [entry] = await deadLettersOf(bus, sub.group, 1);
    expect(attempts).toEqual([1, 2, 3]);
    expect(entry).toMatchObject({
      group: sub.group,
      originalEvent: { id: event.id, type: "order.placed", data: event.data },
      error: { message: "boom", code: "PROCESSING_ERROR", attempts: 3 },
    });
    expect(new Date(entry!.error.lastAttempt).toISOString()).toBe(entry!.error.lastAttempt);
    expect(bus.stats().subscriptions[0]).toMatchObject({ delivered: 3, failed: 3, retried: 2, deadLettered: 1, acked: 0 });
    // the broker's own count (the DLQ size gauge) agrees with the entries (other tests' included: one namespace per file)
    expect(await bus.deadLetters.count()).toBe((await bus.deadLetters.list()).length);

    failing = false;
    expect(await bus.deadLetters.replay([entry!.id])).toBe(1);
    await waitFor(() => attempts.length >= 4, "the replayed delivery");
    await waitFor(() => bus.stats().subscriptions[0]!.acked === 1, "the replayed delivery to be acknowledged");
    expect(await bus.deadLetters.list({ group: sub.group })).toEqual([]);

    failing = true;
    await bus.publish("order.placed", sample("order.placed", 2));
    const [second] = await deadLettersOf(bus, sub.group, 1);
    expect(await bus.deadLetters.purge([second!.id])).toBe(1);
    expect(await bus.deadLetters.list({ group: sub.group })).toEqual([]);
  });

  it("sends non-retryable errors straight to the dead-letter destination", async () => {
    const { bus } = await h.open();
    let calls = 0;
    const byClass = await bus.subscribe("order.placed", () => {
      calls++;
      throw new NonRetryableError("invalid order");
    }, { ...FAST, maxDeliver: 5 });
    const byPredicate = await bus.subscribe("order.placed", () => {
      calls++;
      throw new Error("permanent: unknown customer");
    }, { ...FAST, maxDeliver: 5, nonRetryable: (error) => error instanceof Error && error.message.startsWith("permanent") });
    await bus.publish("order.placed", sample("order.placed"));
    const [first] = await deadLettersOf(bus, byClass.group, 1);
    const [second] = await deadLettersOf(bus, byPredicate.group, 1);
    expect(first!.error).toMatchObject({ code: "NON_RETRYABLE", attempts: 1, message: "invalid order" });
    expect(second!.error).toMatchObject({ code: "NON_RETRYABLE", attempts: 1, message: "permanent: unknown customer" });
    expect(calls).toBe(2);
  });

  it("rejects an invalid payload on publish, listing every violation, and sends nothing", async () => {
    const { bus } = await h.open();
    const received: string[] = [];
    await bus.subscribe("contact.>", (event) => void received.push(event.type), { concurrency: 1 });
    const invalid = { email: "not-an-email", extra: true } as never;
    const error = await bus.publish("contact.created", invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishValidationError);
    expect((error as PublishValidationError).issues.map((issue) => `${issue.path} ${issue.keyword}`).sort()).toEqual([
      "/contactId required",
      "/email format",
      "/extra additionalProperties",
    ]);
    const batch = await bus
      .publishMany([
        { name: "contact.deleted", data: sample("contact.deleted") },
        { name: "contact.updated", data: { contactId: "x" } as never },
      ])
      .catch((e: unknown) => e);
    expect(batch).toBeInstanceOf(PublishValidationError);
    expect((batch as PublishValidationError).violations.map((v) => [v.index, v.event])).toEqual([[1, "contact.updated"]]);
    await bus.publish("contact.consent.granted", sample("contact.consent.granted"));
    await waitFor(() => received.length >= 1, "the sentinel");
    expect(received).toEqual(["contact.consent.granted"]);
    expect(bus.stats().events["contact.created"]).toEqual({ published: 0, rejected: 1 });
  });

  it("dead-letters an event that fails validation on receive, and the subscription goes on", async () => {
    const { bus, transport } = await h.open();
    const received: string[] = [];
    const sub = await bus.subscribe("contact.created", (event) => void received.push(event.id), { ...FAST, concurrency: 1 });
    // Another producer (an older service, a foreign tool) put an invalid event on the broker.
    const foreign: CloudEvent = {
      id: unique("foreign"),
      source: "legacy-service",
      type: "contact.created",
      time: new Date().toISOString(),
      specversion: "1.0",
      datacontenttype: "application/json",
      dataschema: "runtime-fixture/contact.created/0.9",
      correlationid: "legacy",
      data: { contactId: 42 },
    };
    await transport.publish([foreign]);
    const valid = await bus.publish("contact.created", sample("contact.created"));
    await waitFor(() => received.length >= 1, "the valid event");
    expect(received).toEqual([valid.id]);
    const [entry] = await deadLettersOf(bus, sub.group, 1);
    expect(entry).toMatchObject({ originalEvent: { id: foreign.id }, error: { code: "VALIDATION_FAILED", attempts: 1 } });
    expect(entry!.error.message).toMatch(/contactId/);
  });
}
