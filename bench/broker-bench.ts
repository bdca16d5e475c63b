/** What bench:nats and bench:redis share: the event both sides send and the in-flight limiter. */
import { encodeBinary, newId, type BinaryEvent, type CloudEvent } from "eventsmith/runtime";
import type { OrderPlaced } from "../test/fixtures/runtime/catalog.js";

export const order = (n: number): OrderPlaced => ({ orderId: `order-${n}`, amount: 100 + (n % 50), currency: "EUR" });

/** The binary-mode CloudEvent a hand-written producer sends for `order(n)`, with its id (for dedup headers). */
export function rawEvent(n: number): BinaryEvent & { id: string } {
  const event: CloudEvent = {
    id: newId(),
    source: "bench",
    type: "order.placed",
    time: new Date().toISOString(),
    specversion: "1.0",
    datacontenttype: "application/json",
    dataschema: "runtime-fixture/order.placed/1.0",
    correlationid: "bench",
    data: order(n),
  };
  return { id: event.id, ...encodeBinary(event) };
}

/** Runs `count` async jobs with at most `inFlight` at once. */
export async function pool(count: number, inFlight: number, job: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await job(next++);
    }),
  );
}
