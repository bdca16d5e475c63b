/**
 * `npm run bench:postgres`: eventsmith/postgres against the same work done by hand, on one
 * private PostgreSQL (and nats-server for the relay), measured in the same run, rounds
 * alternating which side goes first:
 *
 * - outbox-transaction: CONCURRENCY clients each committing transactions of one business
 *   insert plus `outbox.publish` (validation, envelope, outbox row, commit-time NOTIFY) vs the
 *   same transaction with a plain insert of the same row (a ready-made envelope) into a table
 *   of the same columns. Target ratio 0.67 (at most 1.5x the time).
 * - relay-throughput: EVENTS committed outbox rows sent through the NATS transport by a relay
 *   (claim, publish, delete) vs EVENTS direct `bus.publish` calls on the same transport,
 *   IN_FLIGHT at once. Target ratio 0.7.
 * - inbox-handler: EVENTS deliveries to a handler that inserts one row with the inbox's
 *   transaction (record + insert, one commit) vs the same handler opening a plain
 *   transaction for the same insert; in-process transport, the same concurrency. No target
 *   in the issue: reported for what it is.
 *
 * Ends with one JSON line per figure. BENCH_TX (default 2,000), BENCH_EVENTS (5,000),
 * BENCH_ROUNDS (7).
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createBus, memoryTransport, newId, silentLogger, type CloudEvent } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { postgresInbox, postgresOutbox } from "eventsmith/postgres";
import { catalog } from "../test/fixtures/runtime/catalog.js";
import { startNatsServer } from "../test/support/nats-server.js";
import { startPostgresServer } from "../test/support/postgres-server.js";
import { order, pool as inParallel } from "./broker-bench.js";
import { alternate, compare, report, ROUNDS } from "./harness.js";

const TRANSACTIONS = Number(process.env["BENCH_TX"] ?? 2000);
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 5000);
const CONCURRENCY = 8;
const IN_FLIGHT = 256;

const postgres = await startPostgresServer();
const nats = await startNatsServer();
const db = new pg.Pool({ connectionString: postgres.url, max: CONCURRENCY + 4 });
await db.query(`
CREATE TABLE orders (id TEXT PRIMARY KEY, amount NUMERIC NOT NULL);
CREATE TABLE plain_outbox (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id TEXT NOT NULL, type TEXT NOT NULL,
  ordering_key TEXT NOT NULL, envelope JSON NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), published_at TIMESTAMPTZ);
CREATE TABLE shipments (order_id TEXT NOT NULL)`);
const memoryBus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "bench" });
const outbox = postgresOutbox({ pool: db, bus: memoryBus });
await outbox.migrate();
let sequence = 0;

/** Transactions per second of `CONCURRENCY` clients running `body` in a transaction each. */
async function transactions(body: (client: pg.PoolClient, n: number) => Promise<unknown>): Promise<number> {
  const clients = await Promise.all(Array.from({ length: CONCURRENCY }, () => db.connect()));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < TRANSACTIONS) {
        const n = ++sequence;
        next++;
        await client.query("BEGIN");
        await client.query("INSERT INTO orders VALUES ($1, $2)", [`o${n}`, n]);
        await body(client, n);
        await client.query("COMMIT");
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const client of clients) client.release();
  await db.query("TRUNCATE orders, plain_outbox, eventsmith_outbox");
  return TRANSACTIONS / seconds;
}

const PLAIN_INSERT = { name: "plain-insert", text: "INSERT INTO plain_outbox (event_id, type, ordering_key, envelope) VALUES ($1, $2, $3, $4)" };
/** The row a hand-written outbox would insert: the same envelope, built without validation. */
function plainRow(n: number): unknown[] {
  const event: CloudEvent = {
    id: newId(), source: "bench", type: "order.placed", time: new Date().toISOString(), specversion: "1.0",
    datacontenttype: "application/json", dataschema: "runtime-fixture/order.placed/1.0", correlationid: "bench", data: order(n),
  };
  event.correlationid = event.id;
  return [event.id, event.type, event.type, JSON.stringify(event)];
}

const outboxTx = await alternate(
  () => transactions((client, n) => outbox.publish(client, "order.placed", order(n))),
  () => transactions((client, n) => client.query({ ...PLAIN_INSERT, values: plainRow(n) })),
);

// Relay vs direct publish on NATS: each measurement on its own subject prefix and stream.
let namespaces = 0;
function natsBus() {
  const n = `pgbench${++namespaces}`;
  return createBus(catalog, {
    transport: natsTransport({ servers: nats.url, subjectPrefix: n, stream: { name: n.toUpperCase() }, deadLetter: { stream: `${n.toUpperCase()}_DLQ` } }),
    logger: silentLogger,
    source: "bench",
  });
}

async function relayRate(): Promise<number> {
  const bus = natsBus();
  await bus.health();
  const relayOutbox = postgresOutbox({ pool: db, bus });
  const client = await db.connect();
  await client.query("BEGIN");
  for (let n = 0; n < EVENTS; n++) await relayOutbox.publish(client, "order.placed", order(n));
  await client.query("COMMIT");
  client.release();
  const start = performance.now();
  const relay = relayOutbox.startRelay({ logger: silentLogger });
  while (relay.stats.published < EVENTS) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = (performance.now() - start) / 1000;
  await relay.stop();
  await bus.close();
  return EVENTS / seconds;
}

async function directRate(): Promise<number> {
  const bus = natsBus();
  await bus.health();
  const start = performance.now();
  await inParallel(EVENTS, IN_FLIGHT, (n) => bus.publish("order.placed", order(n)));
  const seconds = (performance.now() - start) / 1000;
  await bus.close();
  return EVENTS / seconds;
}

const relay = await alternate(relayRate, directRate);

// Inbox vs plain transaction, in process.
const inbox = postgresInbox({ pool: db });
await inbox.migrate();

async function handlerRate(withInbox: boolean): Promise<number> {
  const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "bench" });
  let handled = 0;
  const group = `g${++namespaces}`;
  if (withInbox) {
    await bus.subscribe("order.placed", async (event, { tx }) => {
      await tx.query("INSERT INTO shipments VALUES ($1)", [event.data.orderId]);
      handled++;
    }, { group, inbox, concurrency: CONCURRENCY });
  } else {
    await bus.subscribe("order.placed", async (event) => {
      const client = await db.connect();
      try {
        await client.query("BEGIN");
        await client.query("INSERT INTO shipments VALUES ($1)", [event.data.orderId]);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      handled++;
    }, { group, concurrency: CONCURRENCY });
  }
  const start = performance.now();
  for (let n = 0; n < EVENTS; n += 500) {
    await bus.publishMany(Array.from({ length: Math.min(500, EVENTS - n) }, (_, i) => ({ name: "order.placed" as const, data: order(n + i) })));
  }
  while (handled < EVENTS) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = (performance.now() - start) / 1000;
  await bus.close();
  await db.query("TRUNCATE shipments, eventsmith_inbox");
  return EVENTS / seconds;
}

const inboxHandler = await alternate(() => handlerRate(true), () => handlerRate(false));

await memoryBus.close();
await db.end();
await Promise.all([nats.stop(), postgres.stop()]);

console.log(`bench:postgres (${ROUNDS} rounds, ${TRANSACTIONS} transactions and ${EVENTS} events per round)`);
report([
  compare({
    bench: "postgres",
    metric: "outbox-transaction",
    unit: "tx/s",
    baseline: "the same transaction with a plain insert of the same row",
    samples: outboxTx,
    better: "higher",
    target: 0.67,
    goal: "a transaction with outbox.publish takes at most 1.5x the same transaction with a plain insert",
  }),
  compare({
    bench: "postgres",
    metric: "relay-throughput",
    unit: "events/s",
    baseline: "direct bus.publish on NATS",
    samples: relay,
    better: "higher",
    target: 0.7,
    goal: "the relay sends committed outbox rows through NATS at >= 70% of direct bus.publish",
  }),
  compare({
    bench: "postgres",
    metric: "inbox-handler",
    unit: "events/s",
    baseline: "the same handler with a plain transaction",
    samples: inboxHandler,
    better: "higher",
    target: null,
    goal: "an inbox handler (record + writes in one transaction) against the same handler in a plain transaction",
  }),
]);
