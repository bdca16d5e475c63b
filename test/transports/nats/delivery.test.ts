/**
 * Delivery on NATS JetStream: what travels on the wire (binary-mode CloudEvents, Nats-Msg-Id),
 * subjects and wildcards, consumer groups as durable pull consumers, dedup, tenants.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BusEvent } from "eventsmith/runtime";
import { contact, startHarness, until, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("on the wire", () => {
  test("an event is stored on its prefixed name with ce-* headers, the data once as JSON and Nats-Msg-Id = event id", async () => {
    const { bus, namespace } = h.bus();
    const sent = await bus.publish("contact.created", contact(1), { tenantId: "t1", correlationId: "c1", traceparent: "00-ab-cd-01" });
    const stored = await h.jsm.streams.getMessage(namespace.stream, { last_by_subj: `${namespace.subjectPrefix}.contact.created` });
    const headers = Object.fromEntries([...stored!.header].map(([key, values]) => [key, values.join(",")]));
    expect({ subject: stored!.subject, body: stored!.string(), headers }).toEqual({
      subject: `${namespace.subjectPrefix}.contact.created`,
      body: JSON.stringify(contact(1)),
      headers: {
        "content-type": "application/json",
        "ce-id": sent.id,
        "ce-source": "nats-tests",
        "ce-type": "contact.created",
        "ce-time": sent.time,
        "ce-specversion": "1.0",
        "ce-dataschema": "runtime-fixture/contact.created/1.0",
        "ce-correlationid": "c1",
        "ce-tenantid": "t1",
        "ce-traceparent": "00-ab-cd-01",
        "Nats-Msg-Id": sent.id,
      },
    });
  });

  test("publishing the same event id twice within the duplicate window stores and delivers it once", async () => {
    const { bus, namespace } = h.bus();
    const received: string[] = [];
    await bus.subscribe("contact.*", (event) => void received.push(event.id), { group: "g" });
    const first = await bus.publish("contact.created", contact(1));
    await bus.publish("contact.created", contact(1), { id: first.id });
    await bus.publish("contact.deleted", { contactId: contact(2).contactId });
    await until("the second event", () => received.length >= 2);
    expect(received).toEqual([first.id, expect.any(String)]);
    expect((await h.jsm.streams.info(namespace.stream)).state.messages).toBe(2);
  });
});

describe("subjects and groups", () => {
  test.each([
    { pattern: "contact.created", want: ["contact.created"] },
    { pattern: "contact.*", want: ["contact.created", "contact.deleted"] },
    { pattern: "contact.>", want: ["contact.consent.granted", "contact.created", "contact.deleted"] },
    { pattern: ">", want: ["contact.consent.granted", "contact.created", "contact.deleted", "order.placed"] },
  ] as const)("pattern $pattern receives $want", async ({ pattern, want }) => {
    const { bus } = h.bus();
    const received: string[] = [];
    let marked = false;
    await bus.subscribe(pattern, (event: BusEvent<string, unknown>) => void (event.id === "marker" ? (marked = true) : received.push(event.type)), { group: "g" });
    await bus.publishMany([
      { name: "contact.created", data: contact(1) },
      { name: "contact.deleted", data: { contactId: contact(1).contactId } },
      { name: "contact.consent.granted", data: { contactId: contact(1).contactId, channel: "email" } },
      { name: "order.placed", data: { orderId: "o1", amount: 5, currency: "EUR" } },
    ]);
    await until(`${want.length} events`, () => received.length >= want.length);
    // A marker every pattern matches, published after them: once it arrives, a wrongly matched event would have too.
    await bus.publish("contact.created", contact(99), { id: "marker" });
    await until("the marker", () => marked);
    expect(received.sort()).toEqual(want);
  });

  test("members of a group share its events; every group gets every event; the consumer is named after the group", async () => {
    const { bus, namespace } = h.bus();
    const a: string[] = [];
    const b: string[] = [];
    const other: string[] = [];
    await bus.subscribe("contact.created", (event) => void a.push(event.id), { group: "SEGMENTS_CONTACT_CONSUMER", concurrency: 5 });
    await bus.subscribe("contact.created", (event) => void b.push(event.id), { group: "SEGMENTS_CONTACT_CONSUMER", concurrency: 5 });
    await bus.subscribe("contact.created", (event) => void other.push(event.id), { group: "analytics" });
    const sent = await bus.publishMany(Array.from({ length: 200 }, (_, i) => ({ name: "contact.created" as const, data: contact(i) })));
    await until("every event in both groups", () => a.length + b.length >= 200 && other.length >= 200);
    expect([...a, ...b].sort()).toEqual(sent.map((e) => e.id).sort());
    expect(other.sort()).toEqual(sent.map((e) => e.id).sort());
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const consumer = await h.jsm.consumers.info(namespace.stream, "SEGMENTS_CONTACT_CONSUMER");
    expect(consumer.config).toMatchObject({
      durable_name: "SEGMENTS_CONTACT_CONSUMER",
      filter_subject: `${namespace.subjectPrefix}.contact.created`,
      ack_policy: "explicit",
      max_ack_pending: 2 * 5 + 10_000, // handlers and one local batch, plus room for events waiting for their backoff
      max_deliver: -1,
      ack_wait: 30_000_000_000,
      deliver_policy: "all",
    });
    expect(consumer.config.backoff).toBeUndefined();
  });

  test("a named group keeps its position across unsubscribe and starts at the first stored event; an unnamed one starts now", async () => {
    const { bus, namespace } = h.bus();
    const before = await bus.publish("contact.created", contact(1));
    const named: string[] = [];
    const unnamed: string[] = [];
    const first = await bus.subscribe("contact.created", (event) => void named.push(event.id), { group: "keeper" });
    const fanOut = await bus.subscribe("contact.created", (event) => void unnamed.push(event.id));
    await until("the stored event", () => named.length === 1);
    await first.unsubscribe();
    await fanOut.unsubscribe();
    const names = [];
    for await (const consumer of h.jsm.consumers.list(namespace.stream)) names.push(consumer.name);
    expect(names).toEqual(["keeper"]);
    const during = await bus.publish("contact.created", contact(2));
    await bus.subscribe("contact.created", (event) => void named.push(event.id), { group: "keeper" });
    await until("the event published while away", () => named.length === 2);
    expect(named).toEqual([before.id, during.id]);
    expect(unnamed).toEqual([]);
  });

  test("a group cannot change its pattern or tenant while its consumer exists", async () => {
    const { bus, namespace } = h.bus();
    await bus.subscribe("contact.created", () => undefined, { group: "g" });
    await expect(bus.subscribe("contact.*", () => undefined, { group: "g" })).rejects.toThrow(
      `group "g" already consumes "eventsmith contact.created" on NATS stream ${namespace.stream}`,
    );
    await expect(bus.subscribe("contact.created", () => undefined, { group: "g", tenantId: "t1" })).rejects.toMatchObject({
      code: "GROUP_MISMATCH",
    });
  });

  test("a tenant's subscription never receives other tenants' events", async () => {
    const { bus } = h.bus();
    const received: (string | undefined)[] = [];
    await bus.subscribe("contact.created", (event) => void received.push(event.tenantId), { group: "g", tenantId: "t1" });
    for (const tenantId of ["t2", "t1", "t3", "t1"]) await bus.publish("contact.created", contact(1), { tenantId });
    await bus.publish("contact.created", contact(1));
    await until("two events", () => received.length >= 2);
    // A marker of t1 after them: once it arrives, another tenant's event would have arrived before it.
    await bus.publish("contact.created", contact(99), { tenantId: "t1" });
    await until("the marker", () => received.length >= 3);
    expect(received).toEqual(["t1", "t1", "t1"]);
  });
});
