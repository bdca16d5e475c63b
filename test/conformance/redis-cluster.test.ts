/**
 * The conformance suite against a private 6-node Redis Cluster (3 primaries, 3 replicas), beside
 * the single-server run (redis.test.ts): the same tests, with every key of the namespace under
 * one hash tag. The outage tests take a second cluster down whole and bring it back.
 */
import { afterAll } from "vitest";
import { Cluster } from "ioredis";
import { redisTransport, RedisTransport } from "eventsmith/redis";
import type { Transport } from "eventsmith/runtime";
import { startRedisCluster, type RedisCluster } from "../support/redis-cluster.js";
import { conformanceSuite } from "./suite.js";

let cluster: Promise<RedisCluster> | undefined;
const namespace = `conformance-${process.pid}`;

afterAll(async () => {
  await (await cluster)?.stop();
}, 60_000);

conformanceSuite({
  name: "redis cluster",
  createTransport: async () => {
    cluster ??= startRedisCluster();
    return redisTransport({ cluster: (await cluster).urls, namespace, maintenanceIntervalMs: 500 });
  },
  capabilities: redisTransport().capabilities,
  crash: async (transport: Transport) => (transport as RedisTransport).abort(),
  brokerDown: async (outageTimeoutMs) => {
    const down = await startRedisCluster();
    await down.killAll();
    return {
      transport: redisTransport({ cluster: down.urls, namespace, maintenanceIntervalMs: 500, outageTimeoutMs }),
      up: () => down.restartAll(),
      down: () => down.killAll(),
      stop: () => down.stop(),
    };
  },
  poison: async (type, count) => {
    const raw = new Cluster((await cluster!).urls.map((url) => ({ host: "127.0.0.1", port: Number(new URL(url).port) })));
    for (let i = 0; i < count; i++) await raw.xadd(`{${namespace}}:stream:${type}`, "*", "junk", `{not json ${i}`);
    raw.disconnect();
  },
});
