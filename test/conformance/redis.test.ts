/**
 * The conformance suite against a private redis-server (appendonly, appendfsync always).
 * One namespace for the file: the suite keeps tests apart with unique groups and tenants.
 */
import { afterAll } from "vitest";
import { Redis } from "ioredis";
import { redisTransport, RedisTransport } from "eventsmith/redis";
import type { Transport } from "eventsmith/runtime";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { conformanceSuite } from "./suite.js";

let server: Promise<RedisServer> | undefined;
const namespace = `conformance-${process.pid}`;

afterAll(async () => {
  await (await server)?.stop();
});

conformanceSuite({
  name: "redis",
  createTransport: async () => {
    server ??= startRedisServer();
    return redisTransport({ connection: (await server).url, namespace, maintenanceIntervalMs: 500 });
  },
  capabilities: redisTransport().capabilities,
  crash: async (transport: Transport) => (transport as RedisTransport).abort(),
  brokerDown: async (outageTimeoutMs) => {
    const down = await startRedisServer();
    await down.kill();
    return {
      transport: redisTransport({ connection: down.url, namespace, maintenanceIntervalMs: 500, outageTimeoutMs }),
      up: () => down.restart(),
      down: () => down.kill(),
      stop: () => down.stop(),
    };
  },
  poison: async (type, count) => {
    const raw = new Redis((await server!).url);
    for (let i = 0; i < count; i++) await raw.xadd(`${namespace}:stream:${type}`, "*", "junk", `{not json ${i}`);
    raw.disconnect();
  },
});
