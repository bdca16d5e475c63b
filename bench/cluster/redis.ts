/**
 * Redis Cluster scaling for ONE event type on a private 6-node cluster (3 primaries, 3 replicas):
 * order.placed in 1 stream partition against 3 (`eventPartitions`), in the same run. The
 * partitions' hash tags are chosen to sit on the three primaries' slot ranges (partitions.ts), so
 * 3 partitions spread the event's stream over the three shards while 1 keeps it on one.
 *
 * - publish: `bus.publishMany` batches of BATCH, IN_FLIGHT batches in flight (the transport
 *   splits each batch by partition: one script call per partition);
 * - consume-with-ack: one subscription (one read loop per partition, shared concurrency 256;
 *   read, decode, validate, handler, batched XACK) over a prefilled stream, timed until every
 *   event is acknowledged.
 *
 * The ratio is throughput with 3 partitions / with 1 (target 2: three primaries should carry at
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
const PARTITIONS = 3;
const TARGET = 2;
const FSYNC = process.env["BENCH_FSYNC"] === "always" ? "always" : "no";
const BASELINE = "the same events in 1 partition (one shard)";

/** A bus on a fresh namespace (its own streams) with order.placed in `partitions` partitions. */
async function openBus(cluster: RedisCluster, partitions: number, run: number) {
  const transport = redisTransport({
    cluster: cluster.urls,
    namespace: `bench-${run}`,
    publishBatch: BATCH,
    eventPartitions: { "order.placed": { partitions } },
  });
  const bus = createBus(catalog, { transport, logger: silentLogger });
  await bus.health();
  return { bus, transport };
}

const batch = (b: number) =>
  Array.from({ length: BATCH }, (_, i) => ({ name: "order.placed" as const, data: order(b * BATCH + i) }));

async function publish(cluster: RedisCluster, partitions: number, run: number): Promise<number> {
  const { bus } = await openBus(cluster, partitions, run);
  const start = performance.now();
  await pool(EVENTS / BATCH, IN_FLIGHT, (b) => bus.publishMany(batch(b)));
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await bus.close();
  return rate;
}

async function consume(cluster: RedisCluster, partitions: number, run: number): Promise<number> {
  const { bus, transport } = await openBus(cluster, partitions, run);
  await pool(EVENTS / BATCH, IN_FLIGHT, (b) => bus.publishMany(batch(b)));
  let received = 0;
  const start = performance.now();
  await bus.subscribe("order.placed", () => void received++, { group: "bench", concurrency: 256 });
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (transport.metrics().acked >= EVENTS) {
        clearInterval(poll);
        resolve();
      }
    }, 1);
  });
  const rate = EVENTS / ((performance.now() - start) / 1000);
  if (received !== EVENTS) throw new Error(`handled ${received} of ${EVENTS}`);
  await bus.close();
  return rate;
}

/** Starts a cluster, measures both figures, stops it. */
export async function redisClusterFigures(): Promise<Figure[]> {
  if (EVENTS % BATCH !== 0) throw new Error(`BENCH_CLUSTER_EVENTS must be a multiple of ${BATCH}`);
  const cluster = await startRedisCluster({ appendfsync: FSYNC });
  let run = 0;
  try {
    // Warm-up: JIT and the nodes' script caches.
    await publish(cluster, PARTITIONS, run++);
    await consume(cluster, PARTITIONS, run++);
    const figure = (metric: string, measure: (partitions: number) => Promise<number>) =>
      alternate(() => measure(PARTITIONS), () => measure(1)).then((samples) =>
        compare({
          bench: "cluster",
          metric,
          unit: "events/s",
          baseline: BASELINE,
          samples,
          better: "higher",
          target: TARGET,
          goal: `redis cluster ${metric}: one event type in ${PARTITIONS} partitions >= ${TARGET}x in one (issue 15)`,
        }),
      );
    const figures = [
      await figure("redis-publish-3-partitions", (partitions) => publish(cluster, partitions, run++)),
      await figure("redis-consume-with-ack-3-partitions", (partitions) => consume(cluster, partitions, run++)),
    ];
    console.log(
      `redis cluster bench: ${EVENTS.toLocaleString("en")} order.placed events per sample, batches of ${BATCH} (${IN_FLIGHT} in flight), ` +
        `${ROUNDS} alternating rounds; 6-node cluster (3 primaries), appendonly, appendfsync ${FSYNC}`,
    );
    return figures;
  } finally {
    await cluster.stop();
  }
}
