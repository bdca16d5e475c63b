/**
 * The outbox on a real PostgreSQL and the in-process transport: an event exists iff its
 * transaction committed, it keeps the id publish gave it, order holds per ordering key with
 * several relays at once, retention, validation and the migration ledger.
 */
import { describe, expect, test } from "vitest";
import { createBus, memoryTransport, PublishValidationError, silentLogger, type BusEvent } from "eventsmith/runtime";
import { postgresOutbox } from "eventsmith/postgres";
import { catalog } from "../fixtures/runtime/catalog.js";
import { until, usePostgres } from "./harness.js";

const pg = usePostgres();
const CONTACT = (n: number) => ({ contactId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, email: `c${n}@example.com` });

async function setup(options: { retention?: "delete" | { keepMs: number } } = {}) {
  const pool = await pg.database();
  await pool.query("CREATE TABLE contacts (id TEXT PRIMARY KEY)");
  const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "outbox-tests" });
  const outbox = postgresOutbox({ pool, bus, ...options });
  await outbox.migrate();
  return { pool, bus, outbox };
}

describe("outbox.publish", () => {
  test("a committed transaction's events reach subscribers with their ids; a rolled-back one's never do", async () => {
    const { pool, bus, outbox } = await setup();
    const received: BusEvent[] = [];
    await bus.subscribe("contact.created", (event) => void received.push(event));
    const relay = outbox.startRelay({ pollIntervalMs: 5000, logger: silentLogger });

    const client = await pool.connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO contacts VALUES ('c1')");
    const committed = await outbox.publish(client, "contact.created", CONTACT(1), { tenantId: "acme" });
    await client.query("COMMIT");
    await client.query("BEGIN");
    await client.query("INSERT INTO contacts VALUES ('c2')");
    await outbox.publish(client, "contact.created", CONTACT(2));
    await client.query("ROLLBACK");
    client.release();

    // woken by NOTIFY, well before the 5 s poll
    await until("the committed event", () => received.length === 1, 3000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await relay.stop();
    expect(received.map((e) => ({ id: e.id, tenantId: e.tenantId, contactId: (e.data as { contactId: string }).contactId }))).toEqual([
      { id: committed.id, tenantId: "acme", contactId: CONTACT(1).contactId },
    ]);
    expect((await pool.query("SELECT count(*)::int AS n FROM eventsmith_outbox")).rows[0].n).toBe(0);
    await bus.close();
  });

  test("a relay whose bus was closed stops with a coded error instead of retrying forever; the row stays", async () => {
    const { pool, bus, outbox } = await setup();
    const client = await pool.connect();
    await client.query("BEGIN");
    const kept = await outbox.publish(client, "contact.created", CONTACT(1));
    await client.query("COMMIT");
    client.release();
    await bus.close();
    const errors: string[] = [];
    const relay = outbox.startRelay({ retryDelayMs: 10, logger: { ...silentLogger, error: (message) => void errors.push(message) } });
    await expect(relay.done).rejects.toMatchObject({ name: "RelayBusFailedError", code: "RELAY_BUS_FAILED", cause: { code: "BUS_CLOSED" } });
    await relay.stop();
    expect([relay.stats.failures, errors.length, errors[0]]).toEqual([1, 1, expect.stringMatching(/^outbox relay stopped: the bus was closed: .*committed rows stay in the outbox$/)]);
    expect((await pool.query("SELECT event_id FROM eventsmith_outbox")).rows).toEqual([{ event_id: kept.id }]);
  });

  test("invalid data is refused before anything is written, like bus.publish", async () => {
    const { pool, outbox } = await setup();
    const client = await pool.connect();
    await client.query("BEGIN");
    const refused = outbox.publish(client, "contact.created", { contactId: "not-a-uuid", email: "x" } as never);
    await expect(refused).rejects.toBeInstanceOf(PublishValidationError);
    await client.query("COMMIT");
    client.release();
    expect((await pool.query("SELECT count(*)::int AS n FROM eventsmith_outbox")).rows[0].n).toBe(0);
  });

  test("three relays at once keep per-type order and send every row exactly once", async () => {
    const { pool, bus, outbox } = await setup();
    const seen: string[] = [];
    await bus.subscribe("contact.>", (event) => void seen.push(`${event.type}:${(event.data as { contactId: string }).contactId}`), { concurrency: 1 });
    const want: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const client = await pool.connect();
      await client.query("BEGIN");
      for (let i = 0; i < 25; i++) {
        const n = batch * 25 + i;
        const type = n % 2 === 0 ? "contact.created" : "contact.deleted";
        await outbox.publish(client, type, type === "contact.created" ? CONTACT(n) : { contactId: CONTACT(n).contactId });
        want.push(`${type}:${CONTACT(n).contactId}`);
      }
      await client.query("COMMIT");
      client.release();
    }
    const relays = [0, 1, 2].map(() => outbox.startRelay({ batchSize: 7, keysPerBatch: 1, pollIntervalMs: 50, logger: silentLogger }));
    await until("every event", () => seen.length >= want.length, 10_000);
    await Promise.all(relays.map((relay) => relay.stop()));
    const byType = (list: string[], type: string) => list.filter((item) => item.startsWith(type));
    expect({ created: byType(seen, "contact.created:"), deleted: byType(seen, "contact.deleted:"), total: seen.length }).toEqual({
      created: byType(want, "contact.created:"),
      deleted: byType(want, "contact.deleted:"),
      total: want.length,
    });
    expect(relays.reduce((sum, relay) => sum + relay.stats.published, 0)).toBe(want.length);
    await bus.close();
  });

  test.each([
    { given: "delete", retention: "delete" as const, want: { rows: 0, published: 0 } },
    { given: "keepMs", retention: { keepMs: 60_000 }, want: { rows: 3, published: 3 } },
  ])("retention $given: published rows are removed or kept marked", async ({ retention, want }) => {
    const { pool, bus, outbox } = await setup({ retention });
    let count = 0;
    await bus.subscribe("contact.created", () => void count++);
    const client = await pool.connect();
    await client.query("BEGIN");
    for (let i = 0; i < 3; i++) await outbox.publish(client, "contact.created", CONTACT(i));
    await client.query("COMMIT");
    client.release();
    const relay = outbox.startRelay({ logger: silentLogger });
    await until("three events", () => count === 3);
    await relay.stop();
    const rows = await pool.query("SELECT count(*)::int AS rows, count(published_at)::int AS published FROM eventsmith_outbox");
    expect(rows.rows[0]).toEqual(want);
    await bus.close();
  });

  test("retention keepMs: kept rows are swept once older than keepMs", async () => {
    const { pool, bus, outbox } = await setup({ retention: { keepMs: 100 } });
    let count = 0;
    await bus.subscribe("contact.created", () => void count++);
    const client = await pool.connect();
    await client.query("BEGIN");
    await outbox.publish(client, "contact.created", CONTACT(1));
    await client.query("COMMIT");
    client.release();
    const relay = outbox.startRelay({ pollIntervalMs: 100, logger: silentLogger });
    await until("the event", () => count === 1);
    const kept = (await pool.query("SELECT count(*)::int AS n FROM eventsmith_outbox")).rows[0].n;
    await until("the sweep", async () => (await pool.query("SELECT count(*)::int AS n FROM eventsmith_outbox")).rows[0].n === 0, 5000);
    await relay.stop();
    await bus.close();
    expect(kept).toBe(1);
  });

  test("migrate is idempotent and versioned", async () => {
    const { pool, outbox } = await setup();
    await outbox.migrate();
    await Promise.all([outbox.migrate(), outbox.migrate()]);
    const ledger = await pool.query("SELECT component, version FROM eventsmith_migrations ORDER BY component, version");
    expect(ledger.rows).toEqual([{ component: "outbox", version: 1 }]);
  });

  test.each([
    { given: { retention: "forever" }, want: /retention/ },
    { given: { orderingKey: "type" }, want: /orderingKey/ },
    { given: { colour: 1 }, want: /unknown option/ },
  ])("option $given is refused", async ({ given, want }) => {
    const { pool, bus } = await setup();
    expect(() => postgresOutbox({ pool, bus, ...(given as object) })).toThrow(want);
  });
});
