/**
 * The NATS half of `npm run bench:cluster`: the transport on a private 3-node JetStream cluster
 * with every stream replicated three times (R3) against a single nats-server (R1), in the same
 * run, rounds alternating which goes first (bench/harness.ts).
 *
 * - publish: typed `bus.publish` calls, IN_FLIGHT at once, each acknowledged by the stream's
 *   leader (on R3 only once a quorum of two nodes stored it).
 * - consume-with-ack: a group subscription reading what that round published, acking each.
 *
 * Each round publishes BENCH_CLUSTER_EVENTS (default 10,000) events into fresh streams and then
 * consumes them; the ratio is R3 / R1 (what replication costs), with no target: it is the price
 * of surviving a node, reported so a change that makes it worse shows.
 */
import { performance } from "node:perf_hooks";
import { createBus, silentLogger } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { catalog } from "../../test/fixtures/runtime/catalog.js";
import { startNatsCluster } from "../../test/support/nats-cluster.js";
import { startNatsServer } from "../../test/support/nats-server.js";
import { order, pool } from "../broker-bench.js";
import { alternate, compare, ROUNDS, type Figure, type Samples } from "../harness.js";

const EVENTS = Number(process.env["BENCH_CLUSTER_EVENTS"] ?? 10_000);
const IN_FLIGHT = Number(process.env["BENCH_IN_FLIGHT"] ?? 256);
const BATCH = Number(process.env["BENCH_BATCH"] ?? 256);

let rounds = 0;

/** One round on `servers` with `replicas`: the publish rate, and the consume rate pushed to `consumed`. */
async function round(servers: string[], replicas: number, consumed: number[]): Promise<number> {
  const n = `cluster${++rounds}`;
  const options = { servers, replicas, subjectPrefix: n, stream: { name: n.toUpperCase() }, deadLetter: { stream: `${n.toUpperCase()}_DLQ` } };
  const producer = createBus(catalog, { transport: natsTransport(options), source: "bench", logger: silentLogger });
  await producer.health(); // connected and streams provisioned before the clock starts
  let start = performance.now();
  await pool(EVENTS, IN_FLIGHT, (i) => producer.publish("order.placed", order(i)));
  const publishRate = EVENTS / ((performance.now() - start) / 1000);
  await producer.close();

  const consumer = createBus(catalog, { transport: natsTransport(options), source: "bench", logger: silentLogger });
  await consumer.health();
  let received = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  start = performance.now();
  await consumer.subscribe("order.placed", () => void (++received === EVENTS && finished()), { group: "bench", concurrency: BATCH });
  await done;
  consumed.push(EVENTS / ((performance.now() - start) / 1000));
  await consumer.close();
  return publishRate;
}

export async function natsClusterFigures(): Promise<Figure[]> {
  const [cluster, single] = await Promise.all([startNatsCluster(), startNatsServer()]);
  try {
    const consumed: Samples = { ours: [], baseline: [] };
    const r3 = () => round(cluster.urls, 3, consumed.ours);
    const r1 = () => round([single.url], 1, consumed.baseline);
    await r3(); // warm-up: JIT, and each server's first stream
    await r1();
    consumed.ours.length = consumed.baseline.length = 0;
    const published = await alternate(r3, r1);
    const baseline = "nats single node (R1)";
    const figure = (metric: string, samples: Samples, goal: string) =>
      compare({ bench: "cluster", metric, unit: "events/s", baseline, samples, better: "higher", target: null, goal });
    console.log(
      `nats cluster bench: ${EVENTS.toLocaleString("en")} events per round, ${IN_FLIGHT} publishes in flight, pull batches of ${BATCH}, ` +
        `${ROUNDS} alternating rounds; 3-node nats-server 2.9 cluster (R3, file storage) vs one node (R1)`,
    );
    return [
      figure("nats-publish-r3", published, "nats publish on a 3-node cluster, R3, vs one node (the cost of replication; no target)"),
      figure("nats-consume-with-ack-r3", consumed, "nats consume-with-ack on a 3-node cluster, R3, vs one node (no target)"),
    ];
  } finally {
    await Promise.all([cluster.stop(), single.stop()]);
  }
}
