/**
 * Stream partitions, on one server and on a 6-node Redis Cluster (3 primaries): an event's stream
 * split into 3 partitions under different hash tags (on the cluster: on 3 different primaries),
 * events of one partition key in one partition and in order, one group reading all partitions,
 * dedup, retries, dead letters and event status per partition, and one partition keeping today's key names.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Cluster, Redis } from "ioredis";
import { createBus, NonRetryableError, silentLogger, type CatalogDefinition, type EventBus } from "eventsmith/runtime";
import { redisTransport, type RedisTransport, type RedisTransportOptions } from "eventsmith/redis";
import { keySlot, partitionPrefix } from "../../../runtime/transports/redis/partitions.js";
import { catalog, type EventMap } from "../../fixtures/runtime/catalog.js";
import { startRedisCluster, type RedisCluster } from "../../support/redis-cluster.js";
import { startRedisServer, type RedisServer } from "../../support/redis-server.js";
import { until } from "./harness.js";

interface Setup {
  raw: Redis | Cluster;
  cluster: boolean;
  connection: RedisTransportOptions;
  /** The port of the primary serving a key (one server: always the same). */
  owner(key: string): number;
  stop(): Promise<void>;
}

const setups: Record<string, () => Promise<Setup>> = {
  "one server": async () => {
    const server: RedisServer = await startRedisServer();
    return {
      raw: new Redis(server.port, "127.0.0.1"),
      cluster: false,
      connection: { connection: server.url },
      owner: () => server.port,
      stop: () => server.stop(),
    };
  },
  "a Redis Cluster": async () => {
    const cluster: RedisCluster = await startRedisCluster();
    return {
      raw: new Cluster(cluster.urls.map((url) => ({ host: "127.0.0.1", port: Number(new URL(url).port) }))),
      cluster: true,
      connection: { cluster: cluster.urls },
      owner: (key) => Number(new URL(cluster.primaryFor(key).url).port),
      stop: () => cluster.stop(),
    };
  },
};

const contactId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
let namespaces = 0;

describe.each(Object.keys(setups))("on %s", (name) => {
  let setup: Setup;
  const buses: EventBus<EventMap>[] = [];
  beforeAll(async () => {
    setup = await setups[name]!();
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(buses.map((bus) => bus.close()));
    setup?.raw.disconnect();
    await setup?.stop();
  }, 60_000);

  function open(
    options: RedisTransportOptions,
    definition: CatalogDefinition<EventMap> = catalog,
  ): { bus: EventBus<EventMap>; transport: RedisTransport; prefix: (index: number, count?: number) => string } {
    const namespace = `p${process.pid}-${++namespaces}`;
    const transport = redisTransport({ ...setup.connection, maintenanceIntervalMs: 200, ...options, namespace });
    const bus = createBus(definition, { transport, source: "partition-tests", logger: silentLogger });
    buses.push(bus);
    return { bus, transport, prefix: (index, count = 3) => partitionPrefix(namespace, setup.cluster, { index, count }) };
  }

  test("a key's events stay in one partition and in order; one group reads all partitions, which sit on different shards", async () => {
    const { bus, prefix } = open({ eventPartitions: { "contact.created": { partitions: 3, partitionKey: "contactId" } } });
    const seen = new Map<string, number[]>();
    await bus.subscribe(
      "contact.created",
      (event) => void seen.set(event.data.contactId, [...(seen.get(event.data.contactId) ?? []), Number(event.data.name)]),
      { group: "g", concurrency: 1 },
    );
    const keys = 12;
    const each = 20;
    for (let seq = 0; seq < each; seq++) {
      await Promise.all(Array.from({ length: keys }, (_, k) => bus.publish("contact.created", { contactId: contactId(k), email: `c${k}@example.com`, name: String(seq) })));
    }
    await until("every event handled", () => [...seen.values()].reduce((sum, list) => sum + list.length, 0) === keys * each, 30_000);
    for (const list of seen.values()) expect(list).toEqual(Array.from({ length: each }, (_, i) => i));

    const streams = [0, 1, 2].map((index) => `${prefix(index)}:stream:contact.created`);
    const holders = new Map<string, Set<number>>();
    for (const [index, stream] of streams.entries()) {
      const entries = await setup.raw.xrange(stream, "-", "+");
      expect(entries.length).toBeGreaterThan(0);
      for (const [, fields] of entries) {
        const data = JSON.parse(fields[fields.indexOf("data") + 1]!) as { contactId: string };
        holders.set(data.contactId, new Set([...(holders.get(data.contactId) ?? []), index]));
      }
    }
    expect(holders.size).toBe(keys);
    for (const held of holders.values()) expect(held.size).toBe(1);
    if (setup.cluster) {
      expect(new Set(streams.map((stream) => setup.owner(stream))).size).toBe(3);
      for (const stream of streams) expect(Number(await (setup.raw as Cluster).cluster("KEYSLOT", stream))).toBe(keySlot(stream.slice(1, stream.indexOf("}"))));
    }
  }, 60_000);

  test("dedup and event status work per partition", async () => {
    const { bus, transport } = open({ partitions: 3 });
    const ids = Array.from({ length: 9 }, (_, i) => `dedup-${i}`);
    for (const id of ids) await bus.publish("contact.created", { contactId: contactId(1), email: "a@example.com" }, { id });
    for (const id of ids) await bus.publish("contact.created", { contactId: contactId(1), email: "a@example.com" }, { id });
    expect(transport.metrics()).toMatchObject({ published: 9, duplicates: 9 });
    for (const id of ids) expect(await transport.eventStatus(id)).toMatchObject({ id, type: "contact.created", status: "pending" });
  });

  test("retries go through each partition's delay set; dead letters are kept per partition, listed, replayed and purged across them", async () => {
    const { bus, transport, prefix } = open({ partitions: 3 });
    let healthy = false;
    const handled: string[] = [];
    await bus.subscribe(
      "contact.created",
      (event) => {
        if (!healthy) throw event.attempt === 1 ? new Error("not yet") : new NonRetryableError("down");
        handled.push(event.id);
      },
      { group: "g", backoff: [20], maxDeliver: 3 },
    );
    const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => bus.publish("contact.created", { contactId: contactId(i), email: "a@example.com" })));
    await until("twelve dead letters", async () => (await bus.deadLetters.list()).length === 12, 30_000);
    expect(transport.metrics()).toMatchObject({ retried: 12, deadLettered: 12 });
    const letters = await bus.deadLetters.list();
    const labels = new Set(letters.map((letter) => letter.id.split("/")[0]));
    expect(labels.size).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^p[0-2]of3$/);
    let stored = 0;
    for (const index of [0, 1, 2]) {
      stored += await setup.raw.xlen(`${prefix(index)}:dlq`);
      expect(await setup.raw.zcard(`${prefix(index)}:delay:g`)).toBe(0);
    }
    expect(stored).toBe(12);
    expect(new Set(letters.map((letter) => (letter.originalEvent as { id: string }).id))).toEqual(new Set(sent.map((event) => event.id)));

    healthy = true;
    const replayed = letters.slice(0, 5);
    expect(await bus.deadLetters.replay(replayed.map((letter) => letter.id))).toBe(5);
    await until("the replayed events handled", () => handled.length === 5, 20_000);
    expect(new Set(handled)).toEqual(new Set(replayed.map((letter) => (letter.originalEvent as { id: string }).id)));
    expect(await bus.deadLetters.purge()).toBe(7);
    expect(await bus.deadLetters.list()).toEqual([]);
  }, 60_000);

  test("the catalog's settings partition: a default for every event, an event's own count and key", async () => {
    const partitioned: CatalogDefinition<EventMap> = {
      ...catalog,
      redis: { partitions: 2 },
      events: { ...catalog.events, "contact.created": { ...catalog.events["contact.created"], partitioning: { partitions: 3, partitionKey: "contactId" } } },
    };
    const { bus, prefix } = open({}, partitioned);
    for (let i = 0; i < 30; i++) {
      await bus.publish("contact.created", { contactId: contactId(i % 3), email: "a@example.com" });
      await bus.publish("order.placed", { orderId: `o${i}`, amount: 1, currency: "EUR" });
    }
    const contacts = await Promise.all([0, 1, 2].map((index) => setup.raw.xlen(`${prefix(index, 3)}:stream:contact.created`)));
    const orders = await Promise.all([0, 1].map((index) => setup.raw.xlen(`${prefix(index, 2)}:stream:order.placed`)));
    // three keys, ten events each: every key's events in one partition
    expect(contacts.reduce((a, b) => a + b, 0)).toBe(30);
    for (const length of contacts) expect(length % 10).toBe(0);
    expect(orders.reduce((a, b) => a + b, 0)).toBe(30);
    for (const length of orders) expect(length).toBeGreaterThan(0);
  });

  test("one partition keeps the single-partition key names", async () => {
    const { bus, prefix } = open({ partitions: 1 });
    await bus.publish("contact.created", { contactId: contactId(1), email: "a@example.com" });
    const base = prefix(0, 1);
    expect(base.replace(/[{}]/g, "")).toMatch(/^p\d+-\d+$/);
    expect(await setup.raw.xlen(`${base}:stream:contact.created`)).toBe(1);
  });
});
