/** Conformance: what gets delivered to whom (payload, fan-out, topics, groups, order, tenants, dedup, priorities). */
import { expect, it } from "vitest";
import { isUuidV7, type BusEvent } from "eventsmith/runtime";
import { eventNames, type EventMap } from "../fixtures/runtime/catalog.js";
import { sample } from "../fixtures/runtime/samples.js";
import { countBy, gate, unique, waitFor, type Harness } from "./harness.js";

type Received = BusEvent<keyof EventMap & string, EventMap[keyof EventMap]>;

export function deliveryTests(h: Harness): void {
  it("publishes and delivers 100 events, preserving payload and metadata", async () => {
    const { bus } = await h.open("conformance-source");
    const tenant = unique("tenant");
    const received: Received[] = [];
    await bus.subscribe("contact.created", (event) => void received.push(event));
    const published = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        bus.publish("contact.created", sample("contact.created", i), {
          tenantId: tenant,
          correlationId: `corr-${i}`,
          ...(i % 2 === 0 ? { causationId: `cause-${i}`, traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } : {}),
        }),
      ),
    );
    await waitFor(() => received.length >= 100, () => `100 events (got ${received.length})`);
    expect(new Set(published.map((e) => e.id)).size).toBe(100);
    const byId = new Map(received.map((event) => [event.id, event]));
    expect(byId.size).toBe(100);
    for (const envelope of published) {
      const event = byId.get(envelope.id);
      expect(event, `event ${envelope.id}`).toBeDefined();
      expect(isUuidV7(envelope.id)).toBe(true);
      expect({
        id: event!.id,
        type: event!.type,
        source: event!.source,
        time: event!.time,
        dataschema: event!.dataschema,
        version: event!.version,
        tenantId: event!.tenantId,
        correlationId: event!.correlationId,
        causationId: event!.causationId,
        traceparent: event!.traceparent,
        data: event!.data,
        attempt: event!.attempt,
      }).toEqual({
        id: envelope.id,
        type: "contact.created",
        source: "conformance-source",
        time: envelope.time,
        dataschema: "runtime-fixture/contact.created/1.0",
        version: "1.0",
        tenantId: tenant,
        correlationId: envelope.correlationid,
        causationId: envelope.causationid,
        traceparent: envelope.traceparent,
        data: envelope.data,
        attempt: 1,
      });
      expect(event!.envelope).toMatchObject({ specversion: "1.0", datacontenttype: "application/json" });
      expect(new Date(envelope.time).toISOString()).toBe(envelope.time);
    }
  });

  it("delivers every event to each of several concurrent subscribers", async () => {
    const { bus } = await h.open();
    const patterns = ["contact.updated", "contact.*", "contact.>", ">"] as const;
    const received = patterns.map(() => [] as string[]);
    await Promise.all(patterns.map((pattern, i) => bus.subscribe(pattern, (event) => void received[i]!.push(event.id))));
    const published = await Promise.all(Array.from({ length: 50 }, (_, i) => bus.publish("contact.updated", sample("contact.updated", i))));
    const ids = published.map((event) => event.id).sort();
    await waitFor(() => received.every((ids) => ids.length >= 50), () => `50 events each (got ${received.map((r) => r.length)})`);
    for (const got of received) expect([...got].sort()).toEqual(ids);
  });

  it("delivers many topics at once, each to its own subscribers", async () => {
    const { bus } = await h.open();
    const byName = new Map<string, string[]>();
    const all: string[] = [];
    for (const name of eventNames) {
      byName.set(name, []);
      await bus.subscribe(name, (event) => void byName.get(name)!.push(event.type));
    }
    await bus.subscribe(">", (event) => void all.push(event.type));
    await Promise.all(eventNames.flatMap((name) => Array.from({ length: 10 }, (_, i) => bus.publish(name, sample(name, i)))));
    const total = eventNames.length * 10;
    await waitFor(() => all.length >= total, () => `${total} events on ">" (got ${all.length})`);
    for (const name of eventNames) await waitFor(() => byName.get(name)!.length >= 10, `10 ${name} events`);
    for (const name of eventNames) expect(byName.get(name)).toEqual(Array(10).fill(name));
    expect(countBy(all, (type) => type)).toEqual(Object.fromEntries(eventNames.map((name) => [name, 10])));
  });

  it("isolates topics: a subscription gets only the events its pattern matches", async () => {
    const { bus } = await h.open();
    const shipped: string[] = [];
    const contacts: string[] = [];
    await bus.subscribe("order.shipped", (event) => void shipped.push(event.type), { concurrency: 1 });
    await bus.subscribe("contact.*", (event) => void contacts.push(event.type), { concurrency: 1 });
    for (let i = 0; i < 10; i++) await bus.publish("order.placed", sample("order.placed", i));
    await bus.publish("contact.consent.granted", sample("contact.consent.granted"));
    // Sentinels: published last on the same subscriptions, so anything wrongly routed arrives before them.
    await bus.publish("order.shipped", sample("order.shipped"));
    await bus.publish("contact.deleted", sample("contact.deleted"));
    await waitFor(() => shipped.length >= 1 && contacts.length >= 1, "the sentinels");
    expect(shipped).toEqual(["order.shipped"]);
    expect(contacts).toEqual(["contact.deleted"]);
  });

  it("keeps order per key with concurrency 1", async () => {
    const { bus } = await h.open();
    const received: string[] = [];
    await bus.subscribe("order.>", (event) => void received.push(`${event.data.orderId}:${event.type}:${event.id}`), {
      concurrency: 1,
    });
    const published: string[] = [];
    for (let i = 0; i < 30; i++) {
      const name = i % 2 === 0 ? "order.placed" : "order.shipped";
      const event = await bus.publish(name, { ...sample(name, i), orderId: `order-${i % 3}` } as never);
      published.push(`order-${i % 3}:${name}:${event.id}`);
    }
    await waitFor(() => received.length >= 30, () => `30 events (got ${received.length})`);
    expect(idsPerKey(received)).toEqual(idsPerKey(published));
  });

  it("shares a group's events among its members, and gives every group every event", async () => {
    const { bus } = await h.open();
    const tenant = unique("tenant");
    const [shared, solo] = [unique("shared"), unique("solo")];
    const members: string[][] = [[], []];
    const soloIds: string[] = [];
    const slow = () => new Promise((resolve) => setTimeout(resolve, 2));
    for (const got of members) {
      await bus.subscribe("course.graduated", async (event) => {
        got.push(event.id);
        await slow();
      }, { group: shared, tenantId: tenant, concurrency: 1 });
    }
    await bus.subscribe("course.graduated", (event) => void soloIds.push(event.id), { group: solo, tenantId: tenant });
    const published = await Promise.all(
      Array.from({ length: 40 }, (_, i) => bus.publish("course.graduated", sample("course.graduated", i), { tenantId: tenant })),
    );
    const ids = published.map((event) => event.id).sort();
    await waitFor(() => members[0]!.length + members[1]!.length >= 40 && soloIds.length >= 40, () =>
      `40 events in each group (shared ${members[0]!.length}+${members[1]!.length}, solo ${soloIds.length})`,
    );
    expect([...members[0]!, ...members[1]!].sort()).toEqual(ids);
    expect(members[0]!.length).toBeGreaterThan(0);
    expect(members[1]!.length).toBeGreaterThan(0);
    expect([...soloIds].sort()).toEqual(ids);
  });

  it.skipIf(!h.caps.persistent)("a new group receives events published before it existed (capability: persistent)", async () => {
    const { bus } = await h.open();
    const tenant = unique("tenant");
    const published = await Promise.all(
      Array.from({ length: 10 }, (_, i) => bus.publish("order.placed", sample("order.placed", i), { tenantId: tenant })),
    );
    const received: string[] = [];
    await bus.subscribe("order.placed", (event) => void received.push(event.id), { group: unique("late"), tenantId: tenant });
    await waitFor(() => received.length >= 10, () => `10 earlier events (got ${received.length})`);
    expect([...received].sort()).toEqual(published.map((event) => event.id).sort());
  });

  it("isolates tenants: a tenant's subscription never gets another tenant's events", async () => {
    const { bus } = await h.open();
    const [a, b] = [unique("tenant-a"), unique("tenant-b")];
    const got: Record<string, (string | undefined)[]> = { a: [], b: [], all: [] };
    await bus.subscribe("contact.created", (event) => void got["a"]!.push(event.tenantId), { tenantId: a, group: unique("a"), concurrency: 1 });
    await bus.subscribe("contact.created", (event) => void got["b"]!.push(event.tenantId), { tenantId: b, group: unique("b"), concurrency: 1 });
    await bus.subscribe("contact.created", (event) => void got["all"]!.push(event.tenantId));
    // Other tenants first: anything leaking would arrive before a subscription's own events.
    for (let i = 0; i < 5; i++) await bus.publish("contact.created", sample("contact.created", i));
    for (let i = 0; i < 5; i++) await bus.publish("contact.created", sample("contact.created", i), { tenantId: b });
    for (let i = 0; i < 5; i++) await bus.publish("contact.created", sample("contact.created", i), { tenantId: a });
    await waitFor(() => got["a"]!.length >= 5 && got["b"]!.length >= 5 && got["all"]!.length >= 15, () => JSON.stringify(got));
    expect(got["a"]).toEqual(Array(5).fill(a));
    expect(got["b"]).toEqual(Array(5).fill(b));
    expect(countBy(got["all"]!, (tenant) => String(tenant))).toEqual({ undefined: 5, [a]: 5, [b]: 5 });
  });

  it.skipIf(!h.caps.dedup)("delivers an event id published twice once (capability: dedup)", async () => {
    const { bus } = await h.open();
    const received: string[] = [];
    await bus.subscribe("order.>", (event) => void received.push(`${event.type}:${event.id}`), { concurrency: 1 });
    const first = await bus.publish("order.placed", sample("order.placed", 1));
    await bus.publish("order.placed", sample("order.placed", 1), { id: first.id });
    // per-key ordering: partitions deduplicate an id within the partition its key picks, so the republish keeps its key
    await bus.publishMany([
      { name: "order.placed", data: sample("order.placed", h.totalOrder ? 2 : 1), meta: { id: first.id } },
      { name: "order.placed", data: sample("order.placed", 3), meta: { id: "batch-duplicate" } },
      { name: "order.placed", data: sample("order.placed", 3), meta: { id: "batch-duplicate" } },
    ]);
    const sentinel = await bus.publish("order.shipped", sample("order.shipped"));
    const want = [`order.placed:${first.id}`, "order.placed:batch-duplicate", `order.shipped:${sentinel.id}`];
    if (h.totalOrder) {
      await waitFor(() => received.includes(`order.shipped:${sentinel.id}`), "the sentinel");
      expect(received).toEqual(want);
    } else {
      // no order across keys: wait for all three, then give a duplicate time to show up
      await waitFor(() => want.every((item) => received.includes(item)), () => `three events (got ${received})`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([...received].sort()).toEqual([...want].sort());
    }
  });

  it.skipIf(!h.caps.priorities)("serves higher priorities first within a subscription (capability: priorities)", async () => {
    const { bus } = await h.open();
    const hold = gate();
    const order: string[] = [];
    await bus.subscribe(">", async (event) => {
      order.push(event.type);
      if (order.length === 1) await hold.promise;
    }, { concurrency: 1 });
    await bus.publish("order.placed", sample("order.placed"));
    await waitFor(() => order.length === 1, "the first event to be held");
    for (let i = 0; i < 3; i++) await bus.publish("report.generated", sample("report.generated", i));
    for (let i = 0; i < 2; i++) await bus.publish("order.shipped", sample("order.shipped", i));
    for (let i = 0; i < 2; i++) await bus.publish("alert.raised", sample("alert.raised", i));
    hold.open();
    await waitFor(() => order.length >= 8, () => `8 events (got ${order})`);
    expect(order).toEqual([
      "order.placed",
      "alert.raised",
      "alert.raised",
      "order.shipped",
      "order.shipped",
      "report.generated",
      "report.generated",
      "report.generated",
    ]);
  });
}

/** `key:type:id` entries -> the sequence of ids per key. */
function idsPerKey(entries: string[]): Record<string, string[]> {
  const perKey: Record<string, string[]> = {};
  for (const entry of entries) {
    const [key, , id] = entry.split(":");
    (perKey[key!] ??= []).push(id!);
  }
  return perKey;
}
