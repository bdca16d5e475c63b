/** The in-process transport's own guarantees: backpressure, batching, durable groups, close. */
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "./eventually.js";
import { createBus, EventsmithError, memoryTransport, type EventBus, type Logger, type MemoryTransportOptions } from "eventsmith/runtime";
import { lastIdSequence, newId } from "../../runtime/bus/ids.js";
import { DedupWindow } from "../../runtime/transports/memory/dedup-window.js";
import { DelayQueue } from "../../runtime/transports/memory/delay-queue.js";
import { RingQueue } from "../../runtime/transports/memory/ring-queue.js";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";
import { sample } from "../fixtures/runtime/samples.js";

const warnings: string[] = [];
const logger: Logger = { debug() {}, info() {}, warn: (message) => void warnings.push(message), error() {} };
const buses: EventBus<EventMap>[] = [];

function open(options: MemoryTransportOptions = {}) {
  const transport = memoryTransport(options);
  const bus = createBus(catalog, { transport, logger });
  buses.push(bus);
  return { bus, transport };
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  warnings.length = 0;
});

const settledState = (promise: Promise<unknown>) => {
  const state = { settled: false };
  void promise.then(() => (state.settled = true));
  return state;
};

describe("memory transport", () => {
  it("makes publishers wait while a group holds more than maxQueued events, until half have gone", async () => {
    const { bus } = open({ maxQueued: 4 });
    const gates: (() => void)[] = [];
    await bus.subscribe("order.placed", () => new Promise<void>((resolve) => gates.push(resolve)), { concurrency: 1 });
    await Promise.all([1, 2, 3, 4].map((i) => bus.publish("order.placed", sample("order.placed", i))));
    await eventually(() => expect(gates).toHaveLength(1)); // 1 in flight, 3 queued
    await bus.publish("order.placed", sample("order.placed", 5)); // 4 queued: at the limit, not past it
    const late = settledState(bus.publish("order.placed", sample("order.placed", 6))); // 5 queued: waits
    for (let released = 0; released < 2; released++) {
      gates[released]!();
      await eventually(() => expect(gates).toHaveLength(released + 2));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(late.settled, `after ${released + 1} released`).toBe(false);
    }
    gates[2]!();
    // 3 released, 2 queued: half the limit, so the publisher goes on.
    await eventually(() => expect(late.settled).toBe(true));
    for (let i = 3; i < 6; i++) {
      await eventually(() => expect(gates.length).toBeGreaterThan(i));
      gates[i]!();
    }
  });

  it("never makes a handler wait for room in a queue, which only its own group could free", async () => {
    const { bus } = open({ maxQueued: 2 });
    let echoes = 0;
    await bus.subscribe("order.placed", async (event) => {
      if (event.data.amount < 20) await bus.publish("order.placed", { ...event.data, amount: event.data.amount + 1 });
      echoes++;
    }, { concurrency: 1 });
    await bus.publish("order.placed", { ...sample("order.placed"), amount: 0 });
    await eventually(() => expect(echoes).toBe(21));
  });

  it("delivers in batches and yields to the event loop between them", async () => {
    const { bus } = open({ batchSize: 8 });
    const order: string[] = [];
    await bus.subscribe("order.placed", (event) => void order.push(`e${event.data.amount}`), { concurrency: 100 });
    await bus.publishMany(Array.from({ length: 40 }, (_, i) => ({ name: "order.placed" as const, data: { ...sample("order.placed"), amount: i } })));
    setImmediate(() => order.push("io"));
    await eventually(() => expect(order).toHaveLength(41));
    const io = order.indexOf("io");
    expect(io).toBeGreaterThan(0);
    expect(io).toBeLessThan(40);
    expect(order.filter((entry) => entry !== "io")).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`));
  });

  it("runs synchronous handlers over a long queue without growing the stack", async () => {
    const { bus } = open({ maxQueued: 50_000, batchSize: 50_000 });
    let handled = 0;
    await bus.subscribe("order.placed", () => void handled++, { concurrency: 1 });
    await bus.publishMany(Array.from({ length: 20_000 }, (_, i) => ({ name: "order.placed" as const, data: sample("order.placed", i) })));
    await eventually(() => expect(handled).toBe(20_000));
    expect(bus.stats().subscriptions[0]).toMatchObject({ delivered: 20_000, acked: 20_000, failed: 0 });
  });

  it("keeps a durable group's events while it has no members, sending the oldest overflow to the DLQ", async () => {
    const { bus } = open({ maxQueued: 3 });
    const first = await bus.subscribe("order.placed", () => undefined, { group: "billing" });
    await first.unsubscribe();
    const sent = await Promise.all([0, 1, 2, 3, 4].map((i) => bus.publish("order.placed", sample("order.placed", i))));
    const dead = await bus.deadLetters.list({ group: "billing" });
    expect(dead.map((entry) => [entry.originalEvent, entry.error.code])).toEqual([
      [sent[0], "OVERFLOW"],
      [sent[1], "OVERFLOW"],
    ]);
    const received: string[] = [];
    await bus.subscribe("order.placed", (event) => void received.push(event.id), { group: "billing", concurrency: 1 });
    await eventually(() => expect(received).toEqual(sent.slice(2).map((e) => e.id)));
  });

  it("forgets a private group's queue when its subscription ends", async () => {
    const { bus, transport } = open();
    let release!: () => void;
    const sub = await bus.subscribe("order.placed", () => new Promise<void>((resolve) => (release = resolve)), { concurrency: 1 });
    await bus.publish("order.placed", sample("order.placed", 1));
    await bus.publish("order.placed", sample("order.placed", 2));
    await eventually(() => expect(release).toBeTypeOf("function"));
    const ended = sub.unsubscribe();
    release();
    await ended;
    expect((await transport.health()).lag).toEqual({});
  });

  it("delivers what is queued on close, and dead-letters the retries still waiting (nothing vanishes)", async () => {
    const { bus } = open();
    const handled: number[] = [];
    await bus.subscribe("order.placed", (event) => {
      handled.push(event.data.amount);
      if (event.data.amount === 0) throw new Error("retry me much later");
    }, { concurrency: 1, backoff: [60_000] });
    await bus.publishMany([0, 1, 2, 3].map((amount) => ({ name: "order.placed" as const, data: { ...sample("order.placed"), amount } })));
    await bus.close();
    expect(handled).toEqual([0, 1, 2, 3]);
    expect(warnings).toEqual(["memory transport closed with retries still waiting; they are dead-lettered (CLOSED_BEFORE_RETRY)"]);
    const [dead] = await bus.deadLetters.list();
    expect(dead).toMatchObject({ originalEvent: { data: { amount: 0 } }, error: { code: "CLOSED_BEFORE_RETRY", attempts: 1 } });
    // and the final report still has each subscription's counts
    expect(bus.stats().subscriptions).toEqual([expect.objectContaining({ delivered: 4, acked: 3, failed: 1, retried: 1 })]);
  });

  it("replays a dead letter only to a group that still exists", async () => {
    const { bus } = open();
    const sub = await bus.subscribe("order.placed", () => {
      throw new Error("no");
    }, { maxDeliver: 1 });
    await bus.publish("order.placed", sample("order.placed"));
    await eventually(async () => expect(await bus.deadLetters.list()).toHaveLength(1));
    await sub.unsubscribe();
    expect(await bus.deadLetters.replay()).toBe(0);
    expect(warnings.at(-1)).toBe("dead letter not replayed: its group no longer exists");
    expect(await bus.deadLetters.list({ type: "order.placed", limit: 5 })).toHaveLength(1);
    expect(await bus.deadLetters.purge()).toBe(1);
  });

  it("serves one bus, and nothing before it started", async () => {
    const transport = memoryTransport();
    await expect(transport.publish([])).rejects.toThrow("the memory transport has not been started");
    const bus = createBus(catalog, { transport, logger });
    buses.push(bus);
    await bus.publish("order.placed", sample("order.placed"));
    const second = createBus(catalog, { transport, logger });
    await expect(second.publish("order.placed", sample("order.placed"))).rejects.toThrow(
      new EventsmithError("a memory transport serves one bus: it was already started", "TRANSPORT_STARTED"),
    );
  });
});

describe("memory transport structures", () => {
  it("RingQueue keeps FIFO order while growing", () => {
    const queue = new RingQueue<number>(2);
    const out: number[] = [];
    for (let i = 0; i < 10; i++) {
      queue.push(i);
      if (i % 3 === 0) out.push(queue.shift()!);
    }
    expect([...out, ...queue.drain()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(queue.shift()).toBeUndefined();
  });

  it("DelayQueue releases items in due order from one timer", async () => {
    const released: string[] = [];
    const queue = new DelayQueue<string>((item) => released.push(item));
    queue.add("c", 30);
    queue.add("a", 5);
    queue.add("b", 5);
    queue.add("d", 1000);
    await eventually(() => expect(released).toEqual(["a", "b", "c"]));
    expect(queue.size).toBe(1);
    expect(queue.clear()).toEqual(["d"]);
  });

  it.each([
    { name: "generated ids in order", given: ["g1", "g2"], want: [false, false] },
    { name: "a generated id given again", given: ["g1", "given:g1"], want: [false, true] },
    { name: "an envelope published twice", given: ["g1", "g2", "again:g1"], want: [false, false, true] },
    { name: "another process's id with the same time and counter", given: ["g1", "other:g1"], want: [false, false] },
    { name: "given ids", given: ["order-1", "order-2", "order-1"], want: [false, false, true] },
    { name: "a given UUIDv7, twice", given: ["given:g9", "given:g9"], want: [false, true] },
  ])("DedupWindow: $name", ({ given, want }) => {
    // gN: a newly generated id; given:gN / other:gN: that id (or one differing in its random
    // tail) passed as a given id; again:gN: the same envelope published a second time.
    const generated = new Map<string, [string, number]>();
    const make = (name: string) => {
      if (!generated.has(name)) generated.set(name, [newId(), lastIdSequence()]);
      return generated.get(name)!;
    };
    const window = new DedupWindow();
    const results = given.map((step) => {
      const [kind, name] = step.includes(":") ? step.split(":") : ["", step];
      if (!name!.startsWith("g")) return window.isDuplicate(step, 1000);
      const [id, sequence] = make(name!);
      if (kind === "") return window.isDuplicate(id, 1000, sequence);
      if (kind === "again") return window.isDuplicate(id, 1000, sequence);
      return window.isDuplicate(kind === "other" ? `${id.slice(0, 24)}ffffffffffff` : id, 1000);
    });
    expect(results).toEqual(want);
  });

  it("DedupWindow forgets ids past its size and its time window", () => {
    const window = new DedupWindow({ maxEntries: 2, windowMs: 100 });
    const ids = [1, 2, 3].map(() => [newId(), lastIdSequence()] as const);
    expect(ids.map(([id, sequence]) => window.isDuplicate(id, 0, sequence))).toEqual([false, false, false]);
    expect(window.isDuplicate(ids[2]![0], 0)).toBe(true);
    expect(window.isDuplicate(ids[0]![0], 0)).toBe(false); // pushed out by size
    expect(window.isDuplicate("order-1", 0)).toBe(false);
    expect(window.isDuplicate("order-1", 50)).toBe(true);
    expect(window.isDuplicate("order-1", 200)).toBe(false); // out of the time window
    expect(window.isDuplicate(ids[2]![0], 200)).toBe(false);
  });
});

describe("DedupWindow against a plain model", () => {
  it("agrees with a list that forgets by age, over many random publishes", () => {
    // Large enough never to bind: the size limit bounds memory (tested above), the window is by age.
    const maxEntries = 100_000;
    const windowMs = 40;
    const window = new DedupWindow({ maxEntries, windowMs });
    const model: { id: string; at: number }[] = [];
    let now = 0;
    let duplicates = 0;
    const made: string[] = [];
    // Repeats only ids generated already: a given id never equals one generated later.
    const pick = () =>
      made.length === 0 || Math.random() < 0.5
        ? `given-${Math.floor(Math.random() * 60)}`
        : made[Math.max(0, made.length - 1 - Math.floor(Math.random() * 80))]!;
    for (let i = 0; i < 20_000; i++) {
      now += Math.floor(Math.random() * 3);
      // Half the publishes are new generated ids (increasing), half repeat one of them or a given id.
      const generated = Math.random() < 0.5;
      const id = generated ? newId() : pick();
      if (generated) made.push(id);
      while (model.length > 0 && model[0]!.at <= now - windowMs) model.shift();
      const want = model.some((entry) => entry.id === id);
      if (!want) model.push({ id, at: now });
      else duplicates++;
      expect(window.isDuplicate(id, now, generated ? lastIdSequence() : -1), `publish ${i} of ${id} at ${now}`).toBe(want);
    }
    expect(duplicates).toBeGreaterThan(500);
  });
});
