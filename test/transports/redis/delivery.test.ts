/**
 * The Redis transport's delivery behaviour through the bus, against a private redis-server:
 * binary-mode layout, dedup, groups, strict priorities and tenant isolation.
 */
import { describe, expect, test } from "vitest";
import { contact, until, useHarness } from "./harness.js";

const h = useHarness();

describe("binary mode", () => {
  test("an event is one stream entry: ce-* fields, content-type and the data encoded once", async () => {
    const { bus, namespace } = h.bus();
    const sent = await bus.publish("contact.created", contact(1), { tenantId: "t1", correlationId: "corr-1" });
    const entries = await h.raw.xrange(`${namespace}:stream:contact.created`, "-", "+");
    expect(entries).toHaveLength(1);
    const fields = Object.fromEntries(pairs(entries[0]![1]));
    expect(fields).toEqual({
      "content-type": "application/json",
      "ce-id": sent.id,
      "ce-source": "redis-tests",
      "ce-type": "contact.created",
      "ce-time": sent.time,
      "ce-specversion": "1.0",
      "ce-dataschema": sent.dataschema,
      "ce-correlationid": "corr-1",
      "ce-tenantid": "t1",
      data: JSON.stringify(contact(1)),
    });
  });

  test("payload and metadata arrive as published", async () => {
    const { bus } = h.bus();
    const received: unknown[] = [];
    await bus.subscribe("contact.created", (event) => void received.push(event), { group: "g" });
    const sent = await bus.publish("contact.created", { ...contact(2), name: "Ada" }, { tenantId: "t9", causationId: "cause", traceparent: "00-abc-def-01" });
    await until("the delivery", () => received.length === 1);
    expect(received[0]).toMatchObject({
      id: sent.id,
      type: "contact.created",
      source: "redis-tests",
      time: sent.time,
      tenantId: "t9",
      correlationId: sent.correlationid,
      causationId: "cause",
      traceparent: "00-abc-def-01",
      attempt: 1,
      data: { ...contact(2), name: "Ada" },
    });
  });
});

describe("dedup", () => {
  test.each([
    { given: "the same id published twice", publishes: [["a"], ["a"]], want: 1 },
    { given: "the same id twice in one batch", publishes: [["a", "a"]], want: 1 },
    { given: "distinct ids", publishes: [["a"], ["b"]], want: 2 },
  ])("$given -> delivered $want time(s)", async ({ publishes, want }) => {
    const { bus, transport } = h.bus();
    const ids: string[] = [];
    await bus.subscribe("contact.created", (event) => void ids.push(event.id), { group: "g" });
    for (const batch of publishes) {
      await bus.publishMany(batch.map((id, n) => ({ name: "contact.created" as const, data: contact(n), meta: { id } })));
    }
    await until("deliveries", () => ids.length >= want);
    // A marker entry after them on the same stream: once it is delivered, a duplicate would have been too.
    await bus.publish("contact.created", contact(99), { id: "marker" });
    await until("the marker", () => ids.includes("marker"));
    expect(ids.filter((id) => id !== "marker")).toHaveLength(want);
    expect(transport.metrics()).toMatchObject({ published: want + 1, duplicates: publishes.flat().length - want });
  });
});

describe("groups", () => {
  test("each group gets every event; members of a group share them", async () => {
    const { bus } = h.bus();
    const seen = { a1: [] as number[], a2: [] as number[], b: [] as number[] };
    const track = (list: number[]) => (event: { data: { email: string } }) => void list.push(Number(event.data.email.slice(1).split("@")[0]));
    await bus.subscribe("contact.created", track(seen.a1), { group: "a", concurrency: 1 });
    await bus.subscribe("contact.created", track(seen.a2), { group: "a", concurrency: 1 });
    await bus.subscribe("contact.created", track(seen.b), { group: "b" });
    await bus.publishMany(Array.from({ length: 50 }, (_, n) => ({ name: "contact.created" as const, data: contact(n) })));
    await until("all deliveries", () => seen.b.length === 50 && seen.a1.length + seen.a2.length === 50);
    expect([...seen.a1, ...seen.a2].sort((x, y) => x - y)).toEqual(seen.b.sort((x, y) => x - y));
    expect(new Set([...seen.a1, ...seen.a2]).size).toBe(50);
  });

  test("a new durable group receives events published before it existed; a fan-out subscription only new ones", async () => {
    const { bus } = h.bus();
    await bus.publish("contact.created", contact(1));
    const durable: string[] = [];
    const fanOut: string[] = [];
    await bus.subscribe("contact.created", (e) => void durable.push(e.data.email), { group: "late" });
    await bus.subscribe("contact.created", (e) => void fanOut.push(e.data.email));
    await bus.publish("contact.created", contact(2));
    await until("deliveries", () => durable.length === 2 && fanOut.length === 1);
    expect(durable).toEqual(["c1@example.com", "c2@example.com"]);
    expect(fanOut).toEqual(["c2@example.com"]);
  });
});

describe("order", () => {
  test("events of several types in one subscription arrive in publish order, across their streams", async () => {
    const { bus } = h.bus();
    const order: number[] = [];
    // A slow handler, so both streams fill up while it works.
    await bus.subscribe("order.*", async (event) => {
      order.push(Number(event.data.orderId.slice(1)));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }, { group: "g", concurrency: 1 });
    const items = Array.from({ length: 60 }, (_, n) =>
      n % 3 === 0
        ? { name: "order.shipped" as const, data: { orderId: `o${n}`, carrier: "dhl" } }
        : { name: "order.placed" as const, data: { orderId: `o${n}`, amount: n, currency: "EUR" } },
    );
    for (const item of items) await bus.publishMany([item]);
    await until("every event", () => order.length === 60);
    expect(order).toEqual(items.map((_, n) => n));
  });
});

describe("priorities", () => {
  test("within a subscription, waiting events are served critical, then normal, then low", async () => {
    const { bus } = h.bus();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await bus.subscribe(
      ">",
      async (event) => {
        order.push(event.type === "contact.created" ? `normal:${event.data.email}` : event.type);
        if (order.length === 1) await gate;
      },
      { group: "prio", concurrency: 1 },
    );
    await bus.publish("contact.created", contact(0));
    await until("the first delivery", () => order.length === 1);
    await bus.publishMany([
      { name: "report.generated", data: { reportId: "r1" } },
      { name: "contact.created", data: contact(1) },
      { name: "alert.raised", data: { alertId: "a1", severity: "page" } },
      { name: "report.generated", data: { reportId: "r2" } },
      { name: "alert.raised", data: { alertId: "a2", severity: "ticket" } },
    ]);
    release();
    await until("every delivery", () => order.length === 6);
    expect(order).toEqual([
      "normal:c0@example.com",
      "alert.raised",
      "alert.raised",
      "normal:c1@example.com",
      "report.generated",
      "report.generated",
    ]);
  });
});

describe("tenant isolation", () => {
  test("a tenant-scoped subscription never sees other tenants' events, in its own group", async () => {
    const { bus, transport } = h.bus();
    const seen: Record<string, (string | undefined)[]> = { t1: [], t2: [], all: [] };
    const markers: Record<string, number> = { t1: 0, t2: 0, all: 0 };
    const record = (into: string) => (e: { id: string; tenantId?: string | undefined }) => {
      if (e.id.startsWith("marker-")) markers[into]!++;
      else seen[into]!.push(e.tenantId);
    };
    await bus.subscribe("contact.created", record("t1"), { group: "crm", tenantId: "t1" });
    await bus.subscribe("contact.created", record("t2"), { group: "crm", tenantId: "t2" });
    await bus.subscribe("contact.created", record("all"), { group: "crm" });
    const tenants = ["t1", "t2", undefined, "t1", "t3"];
    await bus.publishMany(tenants.map((tenantId, n) => ({ name: "contact.created" as const, data: contact(n), meta: tenantId ? { tenantId } : {} })));
    await until("deliveries", () => seen.all!.length === 5 && seen.t1!.length === 2 && seen.t2!.length === 1);
    // Markers after them on the same stream, one per tenant: once each group has its own, a wrong
    // delivery of the earlier entries would have reached it first.
    await bus.publishMany(["t1", "t2"].map((tenantId) => ({ name: "contact.created" as const, data: contact(99), meta: { tenantId, id: `marker-${tenantId}` } })));
    await until("the markers", () => markers["t1"] === 1 && markers["t2"] === 1 && markers["all"] === 2);
    expect(seen).toEqual({ t1: ["t1", "t1"], t2: ["t2"], all: tenants });
    expect(transport.metrics().filtered).toBe(3 + 4 + 2);
  });
});

function pairs(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
