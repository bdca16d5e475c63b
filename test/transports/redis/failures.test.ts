/**
 * Failure handling on Redis: retries through the group's delay set with the bus's delays,
 * the DLQ move after maxDeliver (atomic with the ack), seed 001's error structure, dead-letter
 * list / replay / purge and expiry.
 */
import { describe, expect, test } from "vitest";
import { NonRetryableError } from "eventsmith/runtime";
import { contact, until, useHarness } from "./harness.js";

const h = useHarness();

describe("retries", () => {
  test("a failed delivery waits in the delay set for the bus's delay, then comes back on the group's retry stream", async () => {
    const { bus, namespace, transport } = h.bus();
    const attempts: { attempt: number; at: number }[] = [];
    await bus.subscribe(
      "contact.created",
      (event) => {
        attempts.push({ attempt: event.attempt, at: Date.now() });
        if (event.attempt < 3) throw new Error("not yet");
      },
      { group: "g", backoff: [300, 600], maxDeliver: 5 },
    );
    await bus.publish("contact.created", contact(1));
    await until("the first failure to be scheduled", async () => (await h.raw.zcard(`${namespace}:delay:g`)) === 1);
    await until("three attempts", () => attempts.length === 3, 20_000);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
    // Never early. The upper bound only tells "came back from the delay set" from "recovered by
    // the ack-timeout claim (30 s)": generous, so a busy machine's late timers do not fail it.
    expect(gaps[0]).toBeGreaterThanOrEqual(290);
    expect(gaps[1]).toBeGreaterThanOrEqual(590);
    expect(gaps[0]).toBeLessThan(300 + 10_000);
    expect(gaps[1]).toBeLessThan(600 + 10_000);
    await until("the final ack", () => transport.metrics().acked === 1);
    // Nothing is left behind: no pending entry, no scheduled retry, the retry stream emptied.
    expect(await h.raw.zcard(`${namespace}:delay:g`)).toBe(0);
    expect(await h.raw.xlen(`${namespace}:retry:g:normal`)).toBe(0);
    expect(await pendingCount(`${namespace}:stream:contact.created`, "g")).toBe(0);
    expect(transport.metrics()).toMatchObject({ retried: 2, acked: 1, deadLettered: 0 });
  });
});

describe("dead letters", () => {
  test.each([
    { given: "a handler failing every attempt", error: () => new Error("boom"), want: { code: "PROCESSING_ERROR", attempts: 2 } },
    { given: "a non-retryable error", error: () => new NonRetryableError("bad input"), want: { code: "NON_RETRYABLE", attempts: 1 } },
  ])("$given -> DLQ entry with code $want.code after $want.attempts attempt(s), acknowledged in the same step", async ({ error, want }) => {
    const { bus, namespace } = h.bus();
    await bus.subscribe("contact.created", () => { throw error(); }, { group: "g", backoff: [10], maxDeliver: 2 });
    const sent = await bus.publish("contact.created", contact(1), { tenantId: "t1" });
    await until("the dead letter", async () => (await bus.deadLetters.list()).length === 1);
    const [letter] = await bus.deadLetters.list();
    expect(letter).toMatchObject({
      group: "g",
      originalEvent: { id: sent.id, type: "contact.created", tenantid: "t1", data: contact(1) },
      error: { code: want.code, attempts: want.attempts, message: expect.any(String), lastAttempt: expect.any(String) },
    });
    expect(Date.parse(letter!.error.lastAttempt)).not.toBeNaN();
    expect(Date.parse(letter!.deadLetteredAt)).not.toBeNaN();
    expect(await pendingCount(`${namespace}:stream:contact.created`, "g")).toBe(0);
    expect(await pendingCount(`${namespace}:retry:g:normal`, "g")).toBe(0);
  });

  test("list filters by type and group; replay hands the event back to the group that gave up; purge removes", async () => {
    const { bus } = h.bus();
    let healthy = false;
    const handled: string[] = [];
    const handler = (event: { id: string }) => {
      if (!healthy) throw new NonRetryableError("down");
      handled.push(event.id);
    };
    await bus.subscribe("contact.created", handler, { group: "a" });
    await bus.subscribe("order.placed", handler, { group: "b" });
    const c = await bus.publish("contact.created", contact(1));
    const o = await bus.publish("order.placed", { orderId: "o1", amount: 5, currency: "EUR" });
    await until("two dead letters", async () => (await bus.deadLetters.list()).length === 2);
    expect((await bus.deadLetters.list({ type: "order.placed" })).map((l) => l.group)).toEqual(["b"]);
    expect((await bus.deadLetters.list({ group: "a" })).map((l) => (l.originalEvent as { id: string }).id)).toEqual([c.id]);
    expect(await bus.deadLetters.list({ limit: 1 })).toHaveLength(1);

    healthy = true;
    const [contactLetter] = await bus.deadLetters.list({ group: "a" });
    expect(await bus.deadLetters.replay([contactLetter!.id])).toBe(1);
    await until("the replayed event", () => handled.length === 1);
    expect(handled).toEqual([c.id]);
    expect((await bus.deadLetters.list()).map((l) => (l.originalEvent as { id: string }).id)).toEqual([o.id]);

    expect(await bus.deadLetters.purge()).toBe(1);
    expect(await bus.deadLetters.list()).toEqual([]);
    expect(await bus.deadLetters.purge(["1-1"])).toBe(0);
  });

  test("dead letters older than deadLetterTtlSeconds are gone", async () => {
    const { bus } = h.bus({ deadLetterTtlSeconds: 0.3 });
    await bus.subscribe("contact.created", () => { throw new NonRetryableError("no"); }, { group: "g" });
    await bus.publish("contact.created", contact(1));
    await until("the dead letter", async () => (await bus.deadLetters.list()).length === 1);
    await until("the dead letter's expiry", async () => (await bus.deadLetters.list()).length === 0, 10_000);
  });
});

async function pendingCount(stream: string, group: string): Promise<number> {
  const summary = (await h.raw.xpending(stream, group)) as [number, ...unknown[]];
  return summary[0];
}
