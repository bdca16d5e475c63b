/** The outbox/inbox fault scenario (fault-scenario.ts) on Redis Streams. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { redisTransport } from "eventsmith/redis";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { runFaultScenario } from "./fault-scenario.js";
import { usePostgres } from "./harness.js";

const postgres = usePostgres();
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

test("relay SIGKILLed mid-batch, PostgreSQL and redis-server SIGKILLed and restarted: each committed order shipped exactly once", async () => {
  const pool = await postgres.database({ max: 30 });
  const database = (await pool.query("SELECT current_database() AS name")).rows[0].name as string;
  const result = await runFaultScenario({
    kind: "redis",
    broker: redis,
    postgres: postgres.server,
    databaseUrl: postgres.url(database),
    pool,
    transportOptions: { namespace: `pgfault${process.pid}`, maintenanceIntervalMs: 200 },
    transport: (options) => redisTransport({ connection: redis.url, ...options }),
  });
  console.log("redis outbox fault scenario:", { committed: result.committed, rolledBack: result.rolledBack, handlerRuns: result.handlerRuns, absorbed: result.absorbedRedeliveries });
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
