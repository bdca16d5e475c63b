/**
 * Failure handling on NATS: retries as nak(delay) with the bus's delays (no consumer
 * backoff), dead letters on the DLQ stream with seed 001's structure (stored, then term),
 * and dead-letter list / replay / purge. Undecodable messages: test/faults/nats-poison.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NonRetryableError } from "eventsmith/runtime";
import { contact, startHarness, until, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("retries", () => {
  test("a retry is a nak with the bus's delay: the event waits on the broker, unacknowledged, then returns with the next delivery count", async () => {
    const { bus, namespace } = h.bus();
    const attempts: { attempt: number; at: number }[] = [];
    const fail = (event: { attempt: number }) => {
      attempts.push({ attempt: event.attempt, at: Date.now() });
      if (event.attempt < 3) throw new Error("not yet");
    };
    await bus.subscribe("contact.created", fail, { group: "g", backoff: [300, 600], maxDeliver: 5 });
    await bus.publish("contact.created", contact(1));
    await until("the first attempt", () => attempts.length === 1);
    const waiting = await h.jsm.consumers.info(namespace.stream, "g");
    const stored = (await h.jsm.streams.info(namespace.stream)).state.messages;
    expect({ ackPending: waiting.num_ack_pending, stored }).toEqual({ ackPending: 1, stored: 1 });
    await until("three attempts", () => attempts.length === 3, 5000);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    expect({ attempts: attempts.map((a) => a.attempt), early: gaps.filter((gap, i) => gap < [300, 600][i]! - 10) }).toEqual({
      attempts: [1, 2, 3],
      early: [],
    });
    await until("the ack", async () => (await h.jsm.consumers.info(namespace.stream, "g")).num_ack_pending === 0);
  });
});

describe("dead letters", () => {
  test.each([
    { given: "a handler failing every attempt", error: () => new Error("boom"), want: { code: "PROCESSING_ERROR", message: "boom", attempts: 2 } },
    { given: "a non-retryable error", error: () => new NonRetryableError("bad input"), want: { code: "NON_RETRYABLE", message: "bad input", attempts: 1 } },
  ])("$given -> $want.code on dlq.<subject> after $want.attempts attempt(s), then term", async ({ error, want }) => {
    const { bus, namespace } = h.bus();
    await bus.subscribe("contact.created", () => { throw error(); }, { group: "g", backoff: [10], maxDeliver: 2 });
    const sent = await bus.publish("contact.created", contact(1), { tenantId: "t1" });
    await until("the dead letter", async () => (await bus.deadLetters.list()).length === 1);
    const stored = await h.jsm.streams.getMessage(namespace.deadLetterStream, { seq: 1 });
    expect(stored!.subject).toBe(`dlq.${namespace.subjectPrefix}.contact.created`);
    expect(stored!.json()).toEqual({
      originalEvent: { ...sent },
      error: { message: want.message, code: want.code, attempts: want.attempts, lastAttempt: expect.any(String) },
    });
    const [letter] = await bus.deadLetters.list();
    expect(letter).toMatchObject({ id: "1", group: "g", originalEvent: { id: sent.id, tenantid: "t1", data: contact(1) }, error: { code: want.code } });
    await until("the consumer to have nothing pending", async () => {
      const info = await h.jsm.consumers.info(namespace.stream, "g");
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
  });

  test("list filters by type, group and limit; replay redelivers only to the group that gave up; purge removes", async () => {
    const { bus, namespace } = h.bus();
    let failing = true;
    const gaveUp: string[] = [];
    const fine: string[] = [];
    await bus.subscribe("contact.*", (event) => { gaveUp.push(`${event.type}#${event.attempt}`); if (failing) throw new NonRetryableError("down"); }, { group: "fragile" });
    await bus.subscribe("contact.*", (event) => void fine.push(event.type), { group: "steady" });
    await bus.publish("contact.created", contact(1));
    await bus.publish("contact.deleted", { contactId: contact(1).contactId });
    await bus.publish("contact.created", contact(3));
    await until("three dead letters", async () => (await bus.deadLetters.list()).length === 3);
    expect((await bus.deadLetters.list({ type: "contact.created" })).map((l) => l.originalEvent)).toHaveLength(2);
    expect(await bus.deadLetters.list({ group: "steady" })).toEqual([]);
    expect(await bus.deadLetters.list({ limit: 1 })).toHaveLength(1);
    const [firstCreated, deleted] = await bus.deadLetters.list();
    failing = false;
    expect(await bus.deadLetters.replay([firstCreated!.id, "999", "nonsense"])).toBe(1);
    await until("the replayed event", () => gaveUp.length === 4);
    expect(gaveUp).toEqual(["contact.created#1", "contact.deleted#1", "contact.created#1", "contact.created#1"]);
    expect(fine.sort()).toEqual(["contact.created", "contact.created", "contact.deleted"]);
    expect((await bus.deadLetters.list()).map((l) => l.id)).toEqual([deleted!.id, "3"]);
    expect(await bus.deadLetters.purge([deleted!.id])).toBe(1);
    expect(await bus.deadLetters.purge()).toBe(1);
    expect(await bus.deadLetters.list()).toEqual([]);
    expect((await h.jsm.streams.info(namespace.deadLetterStream)).state.messages).toBe(0);
  });

  test("replay leaves a dead letter whose group no longer exists in the DLQ", async () => {
    const { bus, namespace } = h.bus();
    const sub = await bus.subscribe("contact.created", () => { throw new NonRetryableError("no"); }, { group: "gone" });
    await bus.publish("contact.created", contact(1));
    await until("the dead letter", async () => (await bus.deadLetters.list()).length === 1);
    await sub.unsubscribe();
    await h.jsm.consumers.delete(namespace.stream, "gone");
    expect(await bus.deadLetters.replay()).toBe(0);
    expect(await bus.deadLetters.list()).toHaveLength(1);
  });
});
