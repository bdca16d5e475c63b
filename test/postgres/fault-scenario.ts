/**
 * The outbox/inbox fault scenario, run on NATS and on Redis: producers commit (or roll back)
 * orders with their `order.placed` event through the outbox; `eventsmith relay` runs as a
 * child process; a consumer applies each order's shipment through an inbox, fails some first
 * attempts after writing and lets others outlive the handler timeout (redelivered while the
 * first attempt's transaction is still open). Meanwhile the relay is SIGKILLed mid-batch (and started
 * again), PostgreSQL is SIGKILLed and restarted, and the broker is SIGKILLed and restarted.
 * Verdict: every committed order has exactly one shipment, rolled-back orders none, the
 * outbox is empty and nothing was dead-lettered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import type pg from "pg";
import { createBus, memoryTransport, silentLogger, type EventBus, type Inbox, type Transport } from "eventsmith/runtime";
import { postgresInbox, postgresOutbox } from "eventsmith/postgres";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";
import type { PostgresServer } from "../support/postgres-server.js";
import type { BrokerProcess } from "../support/broker-process.js";
import { until } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ORDERS = 500;
const PRODUCERS = 4;

export interface ScenarioTarget {
  kind: "nats" | "redis";
  broker: BrokerProcess & { url: string };
  postgres: PostgresServer;
  databaseUrl: string;
  pool: pg.Pool;
  /** Transport options the consumer and the relay share (the same namespace). */
  transportOptions: Record<string, unknown>;
  transport: (options: Record<string, unknown>) => Transport;
}

export interface ScenarioResult {
  committed: number;
  rolledBack: number;
  shipmentsPerOrder: Record<string, number>;
  committedWithoutShipment: string[];
  rolledBackWithShipment: string[];
  outboxLeft: number;
  deadLetters: number;
  handlerRuns: number;
  /** Deliveries the inbox acknowledged without running the handler: already processed. */
  absorbedRedeliveries: number;
  relayKills: number;
  /** What the relay processes wrote to stderr (the end of it), to explain a failure. */
  relayLog: string;
}

export async function runFaultScenario(target: ScenarioTarget): Promise<ScenarioResult> {
  const { pool } = target;
  await pool.query("CREATE TABLE orders (id TEXT PRIMARY KEY); CREATE TABLE shipments (order_id TEXT NOT NULL)");
  const producerBus: EventBus<EventMap> = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, source: "orders" });
  const outbox = postgresOutbox({ pool, bus: producerBus });
  await outbox.migrate();
  const postgresInboxOfPool = postgresInbox({ pool });
  await postgresInboxOfPool.migrate();
  // counts deliveries, so the verdict can show some were redeliveries the inbox absorbed
  let deliveries = 0;
  const inbox: Inbox<pg.PoolClient> = {
    run: (group, event, work) => {
      deliveries++;
      return postgresInboxOfPool.run(group, event, work);
    },
  };

  const consumer = createBus(catalog, { transport: target.transport(target.transportOptions), logger: silentLogger });
  let handlerRuns = 0;
  await consumer.subscribe(
    "order.placed",
    async (event, { tx }) => {
      handlerRuns++;
      const n = Number(event.data.orderId.slice(1));
      await tx.query("INSERT INTO shipments VALUES ($1)", [event.data.orderId]);
      // every 7th order fails its first attempt after writing: the rollback must undo the write
      if (event.attempt === 1 && n % 7 === 0) throw new Error("carrier timed out");
      // every 11th outlives the handler timeout on its first attempt, so the broker redelivers it
      // while that attempt's transaction is still open and commits afterwards
      if (event.attempt === 1 && n % 11 === 0) await new Promise((resolve) => setTimeout(resolve, 600));
    },
    { group: "shipping", inbox, concurrency: 16, maxDeliver: 1000, backoff: [50, 200, 500], ackTimeoutMs: 5000, timeout: 300 },
  );

  let relay = startRelay(target);
  let relayKills = 0;
  const rolledBack: string[] = [];
  let next = 0;
  const produce = async () => {
    while (next < ORDERS) {
      const id = `o${next++}`;
      const rollback = next % 10 === 0;
      try {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query("INSERT INTO orders VALUES ($1)", [id]);
          await outbox.publish(client, "order.placed", { orderId: id, amount: next, currency: "EUR" });
          await client.query(rollback ? "ROLLBACK" : "COMMIT");
          if (rollback) rolledBack.push(id);
        } finally {
          client.release(true);
        }
      } catch {
        // PostgreSQL is down: this order was not committed (the final check reads the orders table)
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  };
  // Each fault waits until events flow again, so it lands mid-relaying even on a slow machine.
  const flowing = async (what: string) => {
    const before = handlerRuns;
    await until(`events flowing ${what}`, () => handlerRuns >= before + 10, 30_000);
  };
  const faults = (async () => {
    await flowing("before the relay is killed");
    relay.kill("SIGKILL"); // mid-batch: batches run back to back while producers commit
    relayKills++;
    await new Promise((resolve) => setTimeout(resolve, 300));
    relay = startRelay(target);
    await flowing("from the second relay");
    await target.postgres.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await target.postgres.restart();
    await flowing("after PostgreSQL restarted");
    await target.broker.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await target.broker.restart();
  })();
  await Promise.all([...Array.from({ length: PRODUCERS }, produce), faults]);

  const committedOrders = async () => (await pool.query<{ id: string }>("SELECT id FROM orders")).rows.map((row) => row.id);
  const shipped = async () => new Set((await pool.query<{ order_id: string }>("SELECT order_id FROM shipments")).rows.map((row) => row.order_id));
  await until(
    "every committed order shipped",
    async () => {
      const done = await shipped();
      return (await committedOrders()).every((id) => done.has(id));
    },
    60_000,
  ).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 500)); // room for a late duplicate
  relay.kill("SIGTERM");
  const deadLetters = (await consumer.deadLetters.list()).length;
  await Promise.all([consumer.close(), producerBus.close()]);

  const committed = await committedOrders();
  const counts: Record<string, number> = {};
  for (const row of (await pool.query<{ order_id: string; n: number }>("SELECT order_id, count(*)::int AS n FROM shipments GROUP BY order_id")).rows) {
    counts[row.order_id] = row.n;
  }
  return {
    committed: committed.length,
    rolledBack: rolledBack.length,
    shipmentsPerOrder: Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 1)),
    committedWithoutShipment: committed.filter((id) => counts[id] === undefined),
    rolledBackWithShipment: rolledBack.filter((id) => counts[id] !== undefined),
    outboxLeft: (await pool.query("SELECT count(*)::int AS n FROM eventsmith_outbox")).rows[0].n,
    deadLetters,
    handlerRuns,
    absorbedRedeliveries: deliveries - handlerRuns,
    relayKills,
    relayLog: relayLog.slice(-4000),
  };
}

let relayLog = "";

function startRelay(target: ScenarioTarget): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      "--conditions=eventsmith-source",
      "--import",
      "tsx",
      resolve(ROOT, "test/postgres/relay-child.ts"),
      "--sdk", resolve(ROOT, "test/fixtures/runtime/catalog.ts"),
      "--transport", target.kind,
      "--url", target.broker.url,
      "--transport-options", JSON.stringify(target.transportOptions),
      "--database-url", target.databaseUrl,
      "--batch-size", "10",
      "--poll-ms", "200",
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (relayLog = (relayLog + chunk).slice(-20_000)));
  child.on("exit", (code, signal) => (relayLog += `\n[relay ${child.pid} exited: ${signal ?? code}]\n`));
  return child;
}
