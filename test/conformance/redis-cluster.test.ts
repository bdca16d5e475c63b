/**
 * The conformance suite against a private 6-node Redis Cluster (3 primaries, 3 replicas), beside
 * the single-server run (redis.test.ts): the same tests, once with every key of the namespace
 * under one hash tag, once with each event's stream split into 3 partitions, each under its own
 * hash tag on its own primary (partitions.ts). The outage tests take a second cluster down whole
 * and bring it back.
 */
import { afterAll } from "vitest";
import { Cluster } from "ioredis";
import { redisTransport, RedisTransport } from "eventsmith/redis";
import type { Transport } from "eventsmith/runtime";
import { partitionPrefix } from "../../runtime/transports/redis/partitions.js";
import { startRedisCluster, type RedisCluster } from "../support/redis-cluster.js";
import { conformanceSuite } from "./suite.js";

let cluster: Promise<RedisCluster> | undefined;

afterAll(async () => {
  await (await cluster)?.stop();
}, 60_000);

for (const partitions of [1, 3]) {
  const namespace = `conformance-${process.pid}-${partitions}`;
  // Order is kept per partition key: the order events are keyed by their orderId (the suite's key).
  const options = { namespace, partitions, eventPartitions: { "order.placed": { partitionKey: "orderId" }, "order.shipped": { partitionKey: "orderId" } } };
  conformanceSuite({
    name: `redis cluster, ${partitions === 1 ? "one partition" : `${partitions} partitions`}`,
    createTransport: async () => {
      cluster ??= startRedisCluster();
      return redisTransport({ cluster: (await cluster).urls, ...options, maintenanceIntervalMs: 500 });
    },
    // with several partitions, priorities hold within a partition only
    capabilities: redisTransport(options).capabilities,
    ordering: partitions === 1 ? "total" : "per-key",
    crash: async (transport: Transport) => (transport as RedisTransport).abort(),
    brokerDown: async (outageTimeoutMs) => {
      const down = await startRedisCluster();
      await down.killAll();
      return {
        transport: redisTransport({ cluster: down.urls, ...options, maintenanceIntervalMs: 500, outageTimeoutMs }),
        up: () => down.restartAll(),
        down: () => down.killAll(),
        stop: () => down.stop(),
      };
    },
    // junk entries spread over the partitions: the subscription reads them all
    poison: async (type, count) => {
      const raw = new Cluster((await cluster!).urls.map((url) => ({ host: "127.0.0.1", port: Number(new URL(url).port) })));
      for (let i = 0; i < count; i++) {
        const prefix = partitionPrefix(namespace, true, { index: i % partitions, count: partitions });
        await raw.xadd(`${prefix}:stream:${type}`, "*", "junk", `{not json ${i}`);
      }
      raw.disconnect();
    },
  });
}
