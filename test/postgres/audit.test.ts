/**
 * Seed 003's audit trail on a real PostgreSQL: every event recorded once with its outcome per
 * group, queried by type pattern, tenant, correlation id and time, and replayed to another bus
 * with new ids that point back at the originals.
 */
import { describe, expect, test } from "vitest";
import { createBus, memoryTransport, silentLogger, type BusEvent, type CloudEvent } from "eventsmith/runtime";
import { postgresAudit, postgresInbox } from "eventsmith/postgres";
import { catalog } from "../fixtures/runtime/catalog.js";
import { until, usePostgres } from "./harness.js";

const pg = usePostgres();
const contact = (n: number) => ({ contactId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, email: `c${n}@example.com` });

async function setup() {
  const pool = await pg.database();
  const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "audit-tests" });
  const audit = postgresAudit({ pool, bus });
  await audit.migrate();
  await audit.migrate();
  await audit.attach();
  return { pool, bus, audit };
}

describe("postgresAudit", () => {
  test("records every event once, with each inbox group's outcome and seed 003's processed_at / error", async () => {
    const { pool, bus, audit } = await setup();
    const inbox = postgresInbox({ pool, audit });
    await bus.subscribe("contact.created", async () => undefined, { group: "segments", inbox });
    await bus.subscribe("contact.created", async () => Promise.reject(new Error("CRM down")), { group: "crm", inbox, maxDeliver: 2, backoff: [5] });
    const event = await bus.publish("contact.created", contact(1), { tenantId: "acme" });
    await until("both outcomes", async () => (await audit.query({ type: "contact.created" }))[0]?.outcomes.length === 2);
    await until("the crm's second attempt", async () => (await audit.query())[0]?.outcomes.some((o) => o.attempts === 2) ?? false);
    await bus.close();
    const [record] = await audit.query();
    expect({ ...record, time: undefined, processedAt: typeof record?.processedAt, outcomes: record?.outcomes.map(({ processedAt: _, ...o }) => o) }).toEqual({
      id: event.id,
      type: "contact.created",
      data: contact(1),
      time: undefined,
      source: "audit-tests",
      dataschema: event.dataschema,
      tenantId: "acme",
      correlationId: event.id,
      causationId: null,
      processedAt: "string",
      error: "crm: CRM down",
      outcomes: [
        { group: "crm", error: "CRM down", attempts: 2 },
        { group: "segments", error: null, attempts: 1 },
      ],
    });
    expect((await pool.query("SELECT count(*)::int AS n FROM system_events")).rows[0].n).toBe(1);
  });

  test("records each group's outcome for ordinary subscriptions too, subscribed before or after attach()", async () => {
    const pool = await pg.database();
    const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "audit-tests" });
    await bus.subscribe("contact.created", async () => undefined, { group: "welcome" });
    const audit = postgresAudit({ pool, bus });
    await audit.migrate();
    await audit.attach();
    let mailerAttempts = 0;
    await bus.subscribe("contact.created", async () => {
      if (++mailerAttempts === 1) throw new Error("mailer busy");
    }, { group: "mailer", backoff: [50] });
    await bus.subscribe("contact.created", async () => Promise.reject(new Error("CRM down")), { group: "crm", maxDeliver: 2, backoff: [50] });
    await bus.subscribe("contact.created", async () => undefined, { group: "skipped", filter: () => false });
    const event = await bus.publish("contact.created", contact(1));
    const settled = (outcomes: { group: string; error: string | null; attempts: number }[]) =>
      outcomes.some((o) => o.group === "crm" && o.attempts === 2) && outcomes.some((o) => o.group === "mailer" && o.error === null);
    await until("every group's last outcome", async () => settled((await audit.query())[0]?.outcomes ?? []));
    await bus.close();
    const [record] = await audit.query();
    expect([record?.id, record?.error, record?.outcomes.map(({ processedAt: _, ...o }) => o)]).toEqual([
      event.id,
      "crm: CRM down",
      [
        { group: "crm", error: "CRM down", attempts: 2 },
        { group: "mailer", error: null, attempts: 2 },
        { group: "welcome", error: null, attempts: 1 },
      ],
    ]);
  });

  test.each([
    { given: { type: "contact.*" }, want: ["contact.created acme", "contact.deleted acme", "contact.created globex"] },
    { given: { type: "contact.>" }, want: ["contact.created acme", "contact.deleted acme", "contact.consent.granted acme", "contact.created globex"] },
    { given: { type: "order.placed" }, want: ["order.placed acme"] },
    { given: { tenantId: "globex" }, want: ["contact.created globex"] },
    { given: { type: "contact.>", limit: 2 }, want: ["contact.created acme", "contact.deleted acme"] },
    { given: { type: "*.placed", tenantId: "globex" }, want: [] },
  ])("query $given", async ({ given, want }) => {
    const { bus, audit } = await setup();
    await bus.publish("contact.created", contact(1), { tenantId: "acme" });
    await bus.publish("contact.deleted", { contactId: contact(1).contactId }, { tenantId: "acme" });
    await bus.publish("contact.consent.granted", { contactId: contact(1).contactId, channel: "sms" }, { tenantId: "acme" });
    await bus.publish("order.placed", { orderId: "o-1", amount: 1, currency: "EUR" }, { tenantId: "acme" });
    await bus.publish("contact.created", contact(2), { tenantId: "globex" });
    await until("five events recorded", async () => (await audit.query()).length === 5);
    await bus.close();
    expect((await audit.query(given)).map((r) => `${r.type} ${r.tenantId}`)).toEqual(want);
  });

  test("query by correlation id and time range", async () => {
    const { bus, audit } = await setup();
    const first = await bus.publish("order.placed", { orderId: "o-1", amount: 1, currency: "EUR" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const middle = new Date();
    await bus.publish("order.shipped", { orderId: "o-1", carrier: "dhl" }, { correlationId: first.id });
    await bus.publish("order.placed", { orderId: "o-2", amount: 1, currency: "EUR" });
    await until("three events recorded", async () => (await audit.query()).length === 3);
    await bus.close();
    expect({
      chain: (await audit.query({ correlationId: first.id })).map((r) => r.type),
      before: (await audit.query({ to: middle })).map((r) => r.data),
      after: (await audit.query({ from: middle.toISOString() })).map((r) => r.type),
    }).toEqual({
      chain: ["order.placed", "order.shipped"],
      before: [{ orderId: "o-1", amount: 1, currency: "EUR" }],
      after: ["order.shipped", "order.placed"],
    });
  });

  test("replay publishes matching events to another bus with new ids, causation = the original, correlation and tenant kept", async () => {
    const { bus, audit } = await setup();
    const originals: CloudEvent[] = [];
    for (let i = 0; i < 3; i++) originals.push(await bus.publish("contact.created", contact(i), { tenantId: "acme" }));
    await bus.publish("order.placed", { orderId: "o-1", amount: 1, currency: "EUR" });
    await until("four events recorded", async () => (await audit.query()).length === 4);
    const other = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "rebuild" });
    const received: BusEvent[] = [];
    await other.subscribe(">", (event) => void received.push(event));
    const result = await audit.replay({ type: "contact.created" }, { to: other });
    await until("three replayed events", () => received.length === 3);
    await Promise.all([bus.close(), other.close()]);
    expect(result.replayed).toBe(3);
    expect(received.map((e) => ({ type: e.type, data: e.data, tenantId: e.tenantId, causationId: e.causationId, correlationId: e.correlationId, newId: !originals.some((o) => o.id === e.id) }))).toEqual(
      originals.map((o) => ({ type: "contact.created", data: o.data, tenantId: "acme", causationId: o.id, correlationId: o.correlationid, newId: true })),
    );
    expect(result.ids).toEqual(originals.map((o, i) => ({ original: o.id, replay: received[i]!.id })));
  });

  test.each([
    { given: { type: "contact.>.x" }, want: 'audit.query filter.type: "contact.>.x": ">" may only be the last token' },
    { given: { from: "yesterday" }, want: "audit.query filter.from: must be a Date or an RFC 3339 time" },
    { given: { tenant: "acme" }, want: "audit.query filter.tenant: unknown option" },
  ])("query refuses $given", async ({ given, want }) => {
    const { bus, audit } = await setup();
    await bus.close();
    await expect(audit.query(given as never)).rejects.toThrow(want);
  });
});
