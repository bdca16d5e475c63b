/**
 * Redis Cluster scaling for one workload of order.placed events on a private 6-node cluster
 * (3 primaries, 3 replicas): everything on one shard against the same events spread over three.
 *
 * A namespace lives in one hash slot (every key carries `{<namespace>}`, so no script meets
 * CROSSSLOT), so until an event's stream can be split into partitions the way to use three shards
 * is three namespaces; this bench picks three whose slots sit on three different primaries and
 * compares that with one namespace, in the same run:
 *
 * - publish: `bus.publishMany` batches of BATCH, IN_FLIGHT batches in flight per bus;
 * - consume-with-ack: a subscription per namespace (read, decode, validate, handler, batched XACK)
 *   over a prefilled stream, timed until every event is acknowledged.
 *
 * The ratio is throughput on 3 shards / on 1 shard (target 2: three primaries should carry at
 * least twice one). All primaries share this machine's cores, so the figure shows the client
 * and the layout, not three machines. BENCH_CLUSTER_EVENTS (default 30,720), BENCH_BATCH (512),
 * BENCH_FSYNC=always|no (the nodes' AOF fsync, default no, as in bench:redis).
 */
import { performance } from "node:perf_hooks";
import { createBus, silentLogger } from "eventsmith/runtime";
import { redisTransport } from "eventsmith/redis";
import { catalog } from "../../test/fixtures/runtime/catalog.js";
import { startRedisCluster, type RedisCluster } from "../../test/support/redis-cluster.js";
import { order, pool } from "../broker-bench.js";
import { alternate, compare, ROUNDS, type Figure } from "../harness.js";

const EVENTS = Number(process.env["BENCH_CLUSTER_EVENTS"] ?? 30_720);
const BATCH = Number(process.env["BENCH_BATCH"] ?? 512);
const IN_FLIGHT = 4;
const SHARDS = 3;
const TARGET = 2;
const FSYNC = process.env["BENCH_FSYNC"] === "always" ? "always" : "no";
const BASELINE = "the same events on 1 shard (1 namespace)";

/** Namespaces per shard count, with their slots on distinct primaries; a fresh set per run (own streams). */
function namespaces(cluster: RedisCluster, count: number, run: number): string[] {
  const picked: string[] = [];
  const primaries = new Set<number>();
  for (let n = 0; picked.length < count; n++) {
    const name = `bench-${run}-${n}`;
    const primary = cluster.primaryFor(`{${name}}`).port;
    if (primaries.has(primary)) continue;
    primaries.add(primary);
    picked.push(name);
  }
  return picked;
}

async function openBus(cluster: RedisCluster, namespace: string) {
  const transport = redisTransport({ cluster: cluster.urls, namespace, publishBatch: BATCH });
  const bus = createBus(catalog, { transport, logger: silentLogger });
  await bus.health();
  return { bus, transport };
}

const batch = (b: number) =>
  Array.from({ length: BATCH }, (_, i) => ({ name: "order.placed" as const, data: order(b * BATCH + i) }));

async function publish(cluster: RedisCluster, shards: number, run: number): Promise<number> {
  const buses = await Promise.all(namespaces(cluster, shards, run).map((ns) => openBus(cluster, ns)));
  const perBus = EVENTS / BATCH / shards;
  const start = performance.now();
  await Promise.all(buses.map(({ bus }) => pool(perBus, IN_FLIGHT, (b) => bus.publishMany(batch(b)))));
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await Promise.all(buses.map(({ bus }) => bus.close()));
  return rate;
}

async function consume(cluster: RedisCluster, shards: number, run: number): Promise<number> {
  const buses = await Promise.all(namespaces(cluster, shards, run).map((ns) => openBus(cluster, ns)));
  const perBus = EVENTS / BATCH / shards;
  await Promise.all(buses.map(({ bus }) => pool(perBus, IN_FLIGHT, (b) => bus.publishMany(batch(b)))));
  let received = 0;
  const start = performance.now();
  await Promise.all(buses.map(({ bus }) => bus.subscribe("order.placed", () => void received++, { group: "bench", concurrency: 256 })));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (buses.reduce((acked, { transport }) => acked + transport.metrics().acked, 0) >= EVENTS) {
        clearInterval(poll);
        resolve();
      }
    }, 1);
  });
  const rate = EVENTS / ((performance.now() - start) / 1000);
  if (received !== EVENTS) throw new Error(`handled ${received} of ${EVENTS}`);
  await Promise.all(buses.map(({ bus }) => bus.close()));
  return rate;
}

/** Starts a cluster, measures both figures, stops it. */
export async function redisClusterFigures(): Promise<Figure[]> {
  if (EVENTS % (BATCH * SHARDS) !== 0) throw new Error(`BENCH_CLUSTER_EVENTS must be a multiple of ${BATCH * SHARDS}`);
  const cluster = await startRedisCluster({ appendfsync: FSYNC });
  let run = 0;
  try {
    // Warm-up: JIT and the nodes' script caches.
    await publish(cluster, SHARDS, run++);
    await consume(cluster, SHARDS, run++);
    const figure = (metric: string, measure: (shards: number) => Promise<number>) =>
      alternate(() => measure(SHARDS), () => measure(1)).then((samples) =>
        compare({
          bench: "cluster",
          metric,
          unit: "events/s",
          baseline: BASELINE,
          samples,
          better: "higher",
          target: TARGET,
          goal: `redis cluster ${metric} on ${SHARDS} shards >= ${TARGET}x one shard (issue 15)`,
        }),
      );
    const figures = [
      await figure("redis-publish-3-shards", (shards) => publish(cluster, shards, run++)),
      await figure("redis-consume-with-ack-3-shards", (shards) => consume(cluster, shards, run++)),
    ];
    console.log(
      `redis cluster bench: ${EVENTS.toLocaleString("en")} order.placed events per sample, batches of ${BATCH} (${IN_FLIGHT} in flight per bus), ` +
        `${ROUNDS} alternating rounds; 6-node cluster (3 primaries), appendonly, appendfsync ${FSYNC}`,
    );
    return figures;
  } finally {
    await cluster.stop();
  }
}
