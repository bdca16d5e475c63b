/**
 * Conformance under faults: what users notice when handlers fail or the broker goes away.
 * A retry waiting for its backoff holds no delivery slot; a broker that is down at start is
 * waited for; an outage ends, after the transport's bounded wait, in the same coded error on
 * every transport, with one log line when it starts and one when it ends; and `stats()`
 * counts every message a subscription received, decodable or not.
 */
import { expect, it } from "vitest";
import { EventsmithError } from "eventsmith/runtime";
import { sample } from "../fixtures/runtime/samples.js";
import { recordingLogger, sleep, waitFor, type Harness } from "./harness.js";

/** The one code an operation gets when the broker stayed unreachable for the whole outage wait. */
const UNAVAILABLE = "TRANSPORT_UNAVAILABLE";

export function faultTests(h: Harness): void {
  it("a retry waiting for its backoff does not hold a delivery slot", async () => {
    const { bus } = await h.open();
    const healthy: number[] = [];
    const failed: number[] = [];
    // Amounts >= 1000 fail once and wait 5 s: far longer than the healthy events may take.
    await bus.subscribe("order.placed", (event) => {
      if (event.data.amount >= 1000 && event.attempt === 1) {
        failed.push(event.data.amount);
        throw new Error("transient");
      }
      if (event.data.amount < 1000) healthy.push(event.data.amount);
    }, { concurrency: 2, maxDeliver: 2, backoff: [5000], ackTimeoutMs: 10_000 });
    for (const amount of [1000, 1001]) await bus.publish("order.placed", { ...sample("order.placed"), amount });
    await waitFor(() => failed.length === 2, () => `both failing events tried once (got ${failed})`);
    const started = Date.now();
    for (let i = 0; i < 10; i++) await bus.publish("order.placed", { ...sample("order.placed"), amount: i });
    await waitFor(() => healthy.length === 10, () => `10 healthy events while 2 retries wait (got ${healthy.length})`, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect([...healthy].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it.skipIf(!h.options.brokerDown)("a bus created while the broker is down keeps trying and works once it appears (needs brokerDown)", async () => {
    const broker = await h.options.brokerDown!(10_000);
    try {
      const { bus } = await h.open("conformance", { transport: broker.transport });
      const received: string[] = [];
      const subscribed = bus.subscribe("order.placed", (event) => void received.push(event.id), { concurrency: 1 });
      await sleep(500);
      await broker.up();
      const sub = await subscribed;
      const event = await bus.publish("order.placed", sample("order.placed"));
      await waitFor(() => received.length === 1, "the event published once the broker came up");
      expect(received).toEqual([event.id]);
      expect((await bus.health()).ok).toBe(true);
      await sub.unsubscribe();
      await bus.close();
    } finally {
      await broker.stop();
    }
  });

  it.skipIf(!h.options.brokerDown)("an outage ends in TRANSPORT_UNAVAILABLE after the bounded wait, logged once when it starts and once when it ends (needs brokerDown)", async () => {
    const outageTimeoutMs = 500;
    const broker = await h.options.brokerDown!(outageTimeoutMs);
    try {
      const logger = recordingLogger();
      const { bus } = await h.open("conformance", { transport: broker.transport, logger });
      for (const operation of [
        () => bus.publish("order.placed", sample("order.placed")),
        () => bus.subscribe("order.placed", () => undefined),
        () => bus.publish("order.placed", sample("order.placed", 2)),
      ]) {
        const started = Date.now();
        const error = await operation().then(() => undefined, (e: unknown) => e);
        const elapsed = Date.now() - started;
        expect(error).toBeInstanceOf(EventsmithError);
        expect((error as EventsmithError).code).toBe(UNAVAILABLE);
        expect(elapsed).toBeGreaterThanOrEqual(outageTimeoutMs - 50);
        expect(elapsed).toBeLessThan(outageTimeoutMs + 1500);
      }
      await broker.up();
      await waitFor(() => logger.lines.some((line) => /reachable again/.test(line.message)), "the outage's end in the log");
      await bus.publish("order.placed", sample("order.placed", 3));
      const said = logger.lines.filter((line) => /unreachable|reachable again/.test(line.message));
      expect(said.map((line) => line.level)).toEqual(["warn", "info"]);
      await bus.close();
    } finally {
      await broker.stop();
    }
  });

  it.skipIf(!h.options.brokerDown)("publishes in flight when the broker dies settle within the outage wait: stored, or TRANSPORT_UNAVAILABLE (needs brokerDown)", async () => {
    const outageTimeoutMs = 1000;
    const broker = await h.options.brokerDown!(outageTimeoutMs);
    try {
      await broker.up();
      const { bus } = await h.open("conformance", { transport: broker.transport });
      await bus.publish("order.placed", sample("order.placed"));
      const settled: { at: number; code?: string }[] = [];
      const publishes = Array.from({ length: 200 }, (_, i) =>
        bus.publish("order.placed", sample("order.placed", i)).then(
          () => void settled.push({ at: Date.now() }),
          (error: unknown) => void settled.push({ at: Date.now(), code: (error as EventsmithError).code }),
        ),
      );
      const killed = Date.now();
      await broker.down();
      await Promise.all(publishes);
      const late = settled.filter((s) => s.at - killed > outageTimeoutMs + 1500);
      expect(late, "publishes that settled long after the outage wait").toEqual([]);
      expect(new Set(settled.map((s) => s.code).filter((code) => code !== undefined))).toEqual(
        settled.some((s) => s.code !== undefined) ? new Set([UNAVAILABLE]) : new Set(),
      );
      await broker.up();
      await bus.close();
    } finally {
      await broker.stop();
    }
  });

  it.skipIf(!h.options.poison)("stats() counts every message a subscription received, undecodable ones too (needs poison)", async () => {
    const { bus } = await h.open();
    const received: string[] = [];
    const sub = await bus.subscribe("contact.created", (event) => void received.push(event.id), { concurrency: 1 });
    await h.options.poison!("contact.created", 3);
    for (let i = 0; i < 2; i++) await bus.publish("contact.created", sample("contact.created", i));
    await waitFor(() => received.length === 2, "the two valid events");
    await waitFor(() => bus.stats().subscriptions[0]!.deadLettered >= 3, () => `3 dead-lettered (stats ${JSON.stringify(bus.stats().subscriptions[0])})`);
    expect(bus.stats().subscriptions[0]).toMatchObject({ delivered: 5, acked: 2, deadLettered: 3 });
    expect(await bus.deadLetters.list({ group: sub.group })).toHaveLength(3);
  });
}
