/**
 * Fault (b): a consumer process killed with SIGKILL in the middle of its handlers. The events
 * it had not acknowledged are redelivered to another member of its group (delivery count 2);
 * the ones it acknowledged are not delivered again.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { namespaceOptions, startHarness, until, type Harness } from "../transports/nats/harness.js";

const CHILD = fileURLToPath(new URL("./nats-consumer-process.ts", import.meta.url));
const EVENTS = 20;
const SUCCEED = 6;
const CONCURRENCY = 4;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test("a SIGKILLed consumer's unacknowledged events go to another member of its group, its acknowledged ones do not", async () => {
  const namespace = h.namespace();
  const transport = namespaceOptions(h.server, namespace);
  const group = "billing";
  const ackTimeoutMs = 1000;
  const child = spawn(
    process.execPath,
    ["--conditions=eventsmith-source", "--import", "tsx", CHILD, JSON.stringify({ transport, group, concurrency: CONCURRENCY, ackTimeoutMs, succeed: SUCCEED })],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => lines.push(line));
  const childSaid = (prefix: string) => lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  await until("the child to subscribe", () => childSaid("ready").length === 1, 20_000);

  const { bus: producer } = h.bus({ namespace });
  const published = await producer.publishMany(
    Array.from({ length: EVENTS }, (_, i) => ({ name: "order.placed" as const, data: { orderId: `o${i}`, amount: i, currency: "EUR" } })),
  );
  await until("the child to ack 6 and hang on 4", () => childSaid("acked ").length === SUCCEED && childSaid("started ").length === CONCURRENCY);
  // Its acks have reached the broker: only what it has not settled (the hanging handlers and at
  // most one batch taken from the broker while no handler slot was free) is outstanding.
  await until("the child's acks on the broker", async () => {
    const info = await h.jsm.consumers.info(namespace.stream, group);
    return info.num_ack_pending === info.delivered.consumer_seq - SUCCEED && info.num_ack_pending <= 2 * CONCURRENCY;
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");

  const { bus: survivor } = h.bus({ namespace });
  const received: { id: string; attempt: number }[] = [];
  await survivor.subscribe("order.placed", (event) => void received.push({ id: event.id, attempt: event.attempt }), {
    group,
    concurrency: CONCURRENCY,
    ackTimeoutMs,
  });
  await until(() => `${EVENTS - SUCCEED} events on the survivor (got ${received.length})`, () => received.length >= EVENTS - SUCCEED);
  await new Promise((resolve) => setTimeout(resolve, 2 * ackTimeoutMs));

  const acked = new Set(childSaid("acked "));
  const hung = new Set(childSaid("started "));
  expect(received.filter((r) => acked.has(r.id))).toEqual([]);
  expect(received.filter((r) => hung.has(r.id)).map((r) => r.attempt)).toEqual(Array(CONCURRENCY).fill(2));
  expect(received.map((r) => r.id).sort()).toEqual(published.map((e) => e.id).filter((id) => !acked.has(id)).sort());
}, 60_000);
