/**
 * Conformance under faults: what users notice when handlers fail or the broker goes away.
 * A retry waiting for its backoff holds no delivery slot; a broker that is down at start is
 * waited for; an outage ends, after the transport's bounded wait, in the same coded error on
 * every transport, with one log line when it starts and one when it ends; and `stats()`
 * counts every message a subscription received, decodable or not.
 */
import { expect, it } from "vitest";
import { sample } from "../fixtures/runtime/samples.js";
import { waitFor, type Harness } from "./harness.js";

export function faultTests(h: Harness): void {
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
