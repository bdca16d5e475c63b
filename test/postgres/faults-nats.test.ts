/** The outbox/inbox fault scenario (fault-scenario.ts) on NATS JetStream. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { natsTransport } from "eventsmith/nats";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { runFaultScenario } from "./fault-scenario.js";
import { usePostgres } from "./harness.js";

const postgres = usePostgres();
let nats: NatsServer;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.stop();
});

test("relay SIGKILLed mid-batch, PostgreSQL and nats-server SIGKILLed and restarted: each committed order shipped exactly once", async () => {
  const pool = await postgres.database({ max: 30 });
  const database = (await pool.query("SELECT current_database() AS name")).rows[0].name as string;
  const ns = `pgfault${process.pid}`;
  const result = await runFaultScenario({
    kind: "nats",
    broker: nats,
    postgres: postgres.server,
    databaseUrl: postgres.url(database),
    pool,
    transportOptions: { subjectPrefix: ns, stream: { name: `${ns.toUpperCase()}_EVENTS` }, deadLetter: { stream: `${ns.toUpperCase()}_DLQ` }, reconnectWaitMs: 100 },
    transport: (options) => natsTransport({ servers: nats.url, ...options }),
  });
  console.log("nats outbox fault scenario:", { committed: result.committed, rolledBack: result.rolledBack, handlerRuns: result.handlerRuns, absorbed: result.absorbedRedeliveries });
  expect(result, result.relayLog).toMatchObject({
    shipmentsPerOrder: {},
    committedWithoutShipment: [],
    rolledBackWithShipment: [],
    outboxLeft: 0,
    deadLetters: 0,
    relayKills: 1,
  });
  expect(result.committed).toBeGreaterThan(200);
  expect(result.rolledBack).toBeGreaterThan(10);
  expect(result.absorbedRedeliveries).toBeGreaterThan(10);
}, 120_000);
