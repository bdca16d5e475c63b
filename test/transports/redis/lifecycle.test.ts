/**
 * Event status tracking, options checking, unsubscribe/resubscribe and close() on Redis.
 */
import { describe, expect, test } from "vitest";
import { createBus, InvalidOptionsError, NonRetryableError, silentLogger } from "eventsmith/runtime";
import { redisTransport, type RedisTransportOptions } from "eventsmith/redis";
import { catalog } from "../../fixtures/runtime/catalog.js";
import { contact, until, useHarness } from "./harness.js";

const h = useHarness();

describe("event status", () => {
  test("pending -> processing -> completed per group; failed once a group dead-letters it", async () => {
    const { bus, transport } = h.bus();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent = await bus.publish("contact.created", contact(1), { tenantId: "t1" });
    expect(await transport.eventStatus(sent.id)).toEqual({ id: sent.id, type: "contact.created", status: "pending", groups: {} });

    await bus.subscribe("contact.created", () => gate, { group: "worker" });
    await bus.subscribe("contact.created", () => undefined, { group: "other-tenant", tenantId: "t2" });
    await until("processing", async () => (await transport.eventStatus(sent.id))?.status === "processing");
    expect((await transport.eventStatus(sent.id))?.groups).toEqual({ worker: "processing" });

    release();
    await until("completed", async () => (await transport.eventStatus(sent.id))?.status === "completed");

    await bus.subscribe("contact.created", () => { throw new NonRetryableError("no"); }, { group: "auditor" });
    await until("failed", async () => (await transport.eventStatus(sent.id))?.status === "failed");
    expect((await transport.eventStatus(sent.id))?.groups).toEqual({ worker: "completed", auditor: "failed" });
  });

  test("a retrying event is processing until its retry succeeds", async () => {
    const { bus, transport } = h.bus();
    let fail = true;
    await bus.subscribe("contact.created", () => { if (fail) throw new Error("later"); }, { group: "g", backoff: [60_000] });
    const sent = await bus.publish("contact.created", contact(1));
    await until("the retry to be scheduled", () => transport.metrics().retried === 1);
    expect(await transport.eventStatus(sent.id)).toMatchObject({ status: "processing", groups: { g: "processing" } });
  });

  test.each([
    { given: "an id never published", ttl: 60, wait: 0, publish: false },
    { given: "an id whose status outlived eventTtlSeconds", ttl: 0.2, wait: 300, publish: true },
  ])("$given -> null", async ({ ttl, wait, publish }) => {
    const { bus, transport } = h.bus({ eventTtlSeconds: ttl });
    const id = publish ? (await bus.publish("contact.created", contact(1))).id : "0190c8e2-0000-7000-8000-000000000000";
    await new Promise((resolve) => setTimeout(resolve, wait));
    expect(await transport.eventStatus(id)).toBeNull();
  });
});

describe("options", () => {
  test.each([
    { given: { nope: 1 }, want: "redisTransport options.nope: unknown option" },
    { given: { connection: "http://x" }, want: 'redisTransport options.connection: "http://x" is not a redis:// or rediss:// URL' },
    { given: { blockMs: 0 }, want: "redisTransport options.blockMs: must be a positive integer" },
    { given: { namespace: "a b" }, want: "redisTransport options.namespace: must be a non-empty string without whitespace" },
    { given: { cluster: [] }, want: "redisTransport options.cluster: must be a non-empty list of redis:// URLs" },
    { given: { cluster: ["http://x:1"] }, want: 'redisTransport options.cluster: "http://x:1" is not a redis:// or rediss:// URL' },
    { given: { cluster: ["redis://a:1"], connection: "redis://b:2" }, want: "redisTransport options.cluster: give either connection or cluster, not both" },
    { given: { durability: "all" }, want: 'redisTransport options.durability: must be "primary" or "replicated", got "all"' },
    { given: { replicaTimeoutMs: 0.5 }, want: "redisTransport options.replicaTimeoutMs: must be a positive integer" },
    { given: { partitions: 0 }, want: "redisTransport options.partitions: must be a positive integer, got 0" },
    { given: { eventPartitions: { "order.placed": { partitions: 2.5 } } }, want: "redisTransport options.eventPartitions.order.placed.partitions: must be a positive integer, got 2.5" },
    { given: { eventPartitions: { "order.placed": { key: "orderId" } } }, want: "redisTransport options.eventPartitions.order.placed.key: unknown option (known: partitions, partitionKey)" },
  ])("$given -> $want", ({ given, want }) => {
    expect(() => redisTransport(given as RedisTransportOptions)).toThrow(InvalidOptionsError);
    expect(() => redisTransport(given as RedisTransportOptions)).toThrow(want);
  });

  test.each([
    { given: { retries: 3 }, want: "catalog x-eventsmith.redis.retries: unknown option" },
    { given: { deadLetterTtlSeconds: -1 }, want: "catalog x-eventsmith.redis.deadLetterTtlSeconds: must be a positive number" },
    { given: { partitions: "3" }, want: 'catalog x-eventsmith.redis.partitions: must be a positive integer, got "3"' },
    { given: {}, options: { eventPartitions: { "order.cancelled": { partitions: 2 } } }, want: "redisTransport options.eventPartitions.order.cancelled: not an event of the catalog" },
  ])("catalog settings $given -> start fails: $want", async ({ given, options, want }: { given: Record<string, unknown>; options?: RedisTransportOptions; want: string }) => {
    const transport = redisTransport({ connection: h.server.url, ...options });
    const bus = createBus({ ...catalog, redis: given }, { transport, logger: silentLogger });
    await expect(bus.health()).resolves.toMatchObject({ ok: false });
    await expect(bus.publish("contact.created", contact(1))).rejects.toThrow(want);
    await bus.close();
  });

  test("catalog settings apply: namespace and batchSize", async () => {
    const transport = redisTransport({ connection: h.server.url });
    const bus = createBus({ ...catalog, redis: { namespace: "from-catalog", batchSize: 50 } }, { transport, logger: silentLogger });
    await bus.publish("contact.created", contact(1));
    expect(await h.raw.xlen("from-catalog:stream:contact.created")).toBe(1);
    await bus.close();
  });

  test("an unreachable server fails work after the outage wait, naming what waited, and start does not fail for good", async () => {
    const transport = redisTransport({ connection: "redis://127.0.0.1:1", blockMs: 100, outageTimeoutMs: 200 });
    const bus = createBus(catalog, { transport, logger: silentLogger });
    const error = await bus.publish("contact.created", contact(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TRANSPORT_UNAVAILABLE", message: expect.stringMatching(/^publishing contact.created \S+: the Redis broker was unreachable for 200 ms \(last error: .*ECONNREFUSED/) });
    expect(await transport.health()).toMatchObject({ ok: false, status: "reconnecting" });
    await bus.close();
  });
});

describe("unsubscribe and close", () => {
  test("a durable group loses nothing across unsubscribe and resubscribe", async () => {
    const { bus } = h.bus();
    const seen: number[] = [];
    const handler = (event: { data: { email: string } }) => void seen.push(Number(/\d+/.exec(event.data.email)![0]));
    const publish = (from: number) =>
      bus.publishMany(Array.from({ length: 20 }, (_, n) => ({ name: "contact.created" as const, data: contact(from + n) })));
    const first = await bus.subscribe("contact.created", handler, { group: "g", concurrency: 3 });
    await publish(0);
    await until("some deliveries", () => seen.length >= 5);
    await first.unsubscribe();
    await publish(20);
    await bus.subscribe("contact.created", handler, { group: "g" });
    await until("all 40", () => new Set(seen).size === 40);
    // A marker read after them: any second delivery of the 40 would have come before it.
    await bus.publish("contact.created", contact(40));
    await until("the marker", () => seen.includes(40));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, n) => n));
  });

  test("close() waits for in-flight handlers, records their acks and releases every connection", async () => {
    const { bus, namespace } = h.bus({ consumerName: "closer" });
    let finished = 0;
    await bus.subscribe("contact.created", async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished++;
    }, { group: "g" });
    await bus.publishMany(Array.from({ length: 5 }, (_, n) => ({ name: "contact.created" as const, data: contact(n) })));
    await until("handlers to start", async () => ((await h.raw.xpending(`${namespace}:stream:contact.created`, "g")) as [number])[0] === 5);
    const closing = Date.now();
    await bus.close();
    expect(Date.now() - closing).toBeLessThan(2000);
    expect(finished).toBe(5);
    expect(((await h.raw.xpending(`${namespace}:stream:contact.created`, "g")) as [number])[0]).toBe(0);
    const clients = (await h.raw.client("LIST")) as string;
    expect(clients).not.toMatch(/name=eventsmith:closer/);
  });
});
