/**
 * The inbox on a real PostgreSQL: the record of (group, event id) and the handler's writes
 * commit together, so a redelivered event has no second effect and a failed attempt leaves
 * nothing behind; the handler's `tx` is typed from the inbox.
 */
import type pg from "pg";
import { describe, expect, expectTypeOf, test } from "vitest";
import { createBus, memoryTransport, silentLogger, type BusEvent } from "eventsmith/runtime";
import { postgresInbox } from "eventsmith/postgres";
import { catalog } from "../fixtures/runtime/catalog.js";
import { until, usePostgres } from "./harness.js";

const postgres = usePostgres();
const ORDER = { orderId: "o-1", amount: 5, currency: "EUR" };

async function setup() {
  const pool = await postgres.database();
  await pool.query("CREATE TABLE shipments (order_id TEXT, attempt INT)");
  return { pool, inbox: postgresInbox({ pool }), bus: createBus(catalog, { transport: memoryTransport(), logger: silentLogger }) };
}
const count = async (pool: pg.Pool, sql: string) => (await pool.query(sql)).rows[0].n as number;

describe("postgresInbox", () => {
  test("a failed attempt rolls back its writes and its record; the retry applies the effect once", async () => {
    const { pool, inbox, bus } = await setup();
    const attempts: number[] = [];
    await bus.subscribe(
      "order.placed",
      async (event, { tx }) => {
        expectTypeOf(tx).toEqualTypeOf<pg.PoolClient>();
        attempts.push(event.attempt);
        await tx.query("INSERT INTO shipments VALUES ($1, $2)", [event.data.orderId, event.attempt]);
        if (event.attempt === 1) throw new Error("carrier API timed out");
      },
      { group: "shipping", inbox, backoff: [10] },
    );
    await bus.publish("order.placed", ORDER);
    await until("the second attempt", () => attempts.length === 2);
    await bus.close();
    expect({
      attempts,
      shipments: (await pool.query("SELECT order_id, attempt FROM shipments")).rows,
      records: await count(pool, "SELECT count(*)::int AS n FROM eventsmith_inbox WHERE group_name = 'shipping'"),
    }).toEqual({ attempts: [1, 2], shipments: [{ order_id: "o-1", attempt: 2 }], records: 1 });
  });

  test.each([
    { given: "one after the other", concurrent: false },
    { given: "at the same time", concurrent: true },
  ])("the same event delivered twice ($given) runs the work once per group", async ({ concurrent }) => {
    const { pool, inbox } = await setup();
    const event = { id: "evt-1", type: "order.placed", attempt: 1 } as BusEvent;
    let runs = 0;
    const work = async (tx: pg.PoolClient) => {
      runs++;
      await tx.query("INSERT INTO shipments VALUES ('o-1', 1)");
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    if (concurrent) await Promise.all([inbox.run("shipping", event, work), inbox.run("shipping", event, work)]);
    else for (let i = 0; i < 2; i++) await inbox.run("shipping", event, work);
    await inbox.run("billing", event, work);
    expect({ runs, shipments: await count(pool, "SELECT count(*)::int AS n FROM shipments") }).toEqual({ runs: 2, shipments: 2 });
  });

  test("ids and groups are data, never SQL", async () => {
    const { pool, inbox } = await setup();
    const event = { id: "evt-'); DROP TABLE shipments; --", type: "order.placed", attempt: 1 } as BusEvent;
    let runs = 0;
    for (let i = 0; i < 2; i++) await inbox.run("o'brien", event, async () => void runs++);
    expect({ runs, records: (await pool.query("SELECT group_name, event_id FROM eventsmith_inbox")).rows, shipments: await count(pool, "SELECT count(*)::int AS n FROM shipments") }).toEqual({
      runs: 1,
      records: [{ group_name: "o'brien", event_id: event.id }],
      shipments: 0,
    });
  });

  test("a handler without an inbox gets { tx: undefined }", async () => {
    const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger });
    const contexts: unknown[] = [];
    await bus.subscribe("order.placed", (_event, context) => {
      expectTypeOf(context.tx).toEqualTypeOf<undefined>();
      contexts.push(context);
    });
    await bus.publish("order.placed", ORDER);
    await until("delivery", () => contexts.length === 1);
    await bus.close();
    expect(contexts).toEqual([{ tx: undefined }]);
  });

  test("pool is required", () => {
    expect(() => postgresInbox({} as never)).toThrow("postgresInbox options.pool: is required");
  });
});
