/**
 * Fault (a): 10,000 events while redis-server (appendonly, appendfsync always) is killed
 * with SIGKILL and restarted twice mid-stream. Every event whose publish was acknowledged
 * reaches the handler, and none reaches the (always successful) handler twice.
 */
import { expect, test } from "vitest";
import { until, useHarness } from "../transports/redis/harness.js";

const EVENTS = 10_000;
const BATCH = 100;

const h = useHarness();

test("10,000 events across two SIGKILLs of the server: all acknowledged events delivered, none twice", async () => {
  const { bus, transport } = h.bus();
  const deliveries = new Map<string, number>();
  await bus.subscribe("order.placed", (event) => void deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1), {
    group: "billing",
    concurrency: 64,
  });

  const acknowledged = new Set<string>();
  const crashes: Promise<void>[] = [];
  let failedPublishes = 0;
  for (let start = 0; start < EVENTS; start += BATCH) {
    // The same ids on every try: a publish that reached the server before it died is deduplicated.
    const batch = Array.from({ length: BATCH }, (_, n) => ({
      name: "order.placed" as const,
      data: { orderId: `o${start + n}`, amount: start + n, currency: "EUR" },
      meta: { id: `order-${start + n}` },
    }));
    for (;;) {
      try {
        await bus.publishMany(batch);
        break;
      } catch {
        failedPublishes++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    for (const item of batch) acknowledged.add(item.meta.id);
    if (start === 3000 || start === 6500) crashes.push(crash());
  }
  await Promise.all(crashes);

  await until("every acknowledged event to be handled", () => [...acknowledged].every((id) => deliveries.has(id)), 60_000);
  await new Promise((resolve) => setTimeout(resolve, 500)); // room for a late duplicate to show up
  const twice = [...deliveries].filter(([, count]) => count > 1).map(([id]) => id);
  expect(twice).toEqual([]);
  expect(acknowledged.size).toBe(EVENTS);
  expect(deliveries.size).toBe(EVENTS);
  expect(transport.metrics().reconnects).toBeGreaterThanOrEqual(2);
  console.log(`server crash fault: ${failedPublishes} publish calls failed and were retried; metrics`, transport.metrics());
}, 120_000);

/** SIGKILL, stay down a moment (publishes and acks queue or fail meanwhile), start again on the same AOF. */
async function crash(): Promise<void> {
  await h.server.kill("SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 300));
  await h.server.restart();
}
