/**
 * Fault: 10,000 events published to a 3-node JetStream cluster (streams and consumers R3)
 * while the stream leader is killed with SIGKILL and restarted, then another node (the
 * consumer leader when that is a different node). Every event whose publish was acknowledged
 * reaches the handler, and no event reaches the (always successful) handler twice.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createBus, silentLogger } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { catalog } from "../fixtures/runtime/catalog.js";
import { startNatsCluster, type NatsCluster, type NatsClusterNode } from "../support/nats-cluster.js";
import { until } from "../transports/nats/harness.js";

const EVENTS = 10_000;
const IN_FLIGHT = 200;
const KILL_AT = [3_000, 6_500];
const STREAM = "FAILOVER_EVENTS";
const GROUP = "orders";

let cluster: NatsCluster;
beforeAll(async () => {
  cluster = await startNatsCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

test("every acknowledged publish is delivered exactly once across SIGKILLs of the stream leader and of another node", async () => {
  const bus = () =>
    createBus(catalog, {
      transport: natsTransport({
        servers: cluster.urls,
        replicas: 3,
        subjectPrefix: "failover",
        stream: { name: STREAM },
        deadLetter: { stream: `${STREAM}_DLQ` },
        reconnectWaitMs: 100,
      }),
      source: "nats-cluster-failover",
      logger: silentLogger,
    });
  const consumer = bus();
  const producer = bus();
  const deliveries = new Map<string, number>();
  await consumer.subscribe("order.placed", (event) => void deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1), {
    group: GROUP,
    concurrency: 256,
    ackTimeoutMs: 5000,
  });

  const killed: string[] = [];
  const killAndRestart = async (pick: () => Promise<NatsClusterNode>) => {
    const node = await pick();
    killed.push(node.name);
    await node.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await node.restart();
  };
  const kills = [
    () => killAndRestart(() => cluster.streamLeader(STREAM)),
    async () => {
      const leader = await cluster.consumerLeader(STREAM, GROUP);
      return killAndRestart(async () => (leader.name !== killed[0] ? leader : cluster.nodes.find((node) => node.name !== killed[0])!));
    },
  ];

  const acknowledged: string[] = [];
  const failed: string[] = [];
  const restarts: Promise<void>[] = [];
  let next = 0;
  const publishNext = async (): Promise<void> => {
    while (next < EVENTS) {
      const i = next++;
      const kill = KILL_AT.indexOf(i);
      // The second kill waits for the first node to be back: one node down at a time keeps a quorum.
      if (kill >= 0) restarts.push((restarts.at(-1) ?? Promise.resolve()).then(kills[kill]));
      try {
        const event = await producer.publish("order.placed", { orderId: `order-${i}`, amount: i, currency: "EUR" });
        acknowledged.push(event.id);
      } catch (error) {
        failed.push(`${i}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, publishNext));
  await Promise.all(restarts);

  const missing = () => acknowledged.filter((id) => !deliveries.has(id));
  await until(() => `every acknowledged event (${missing().length} missing)`, () => missing().length === 0, 60_000).catch(() => undefined);
  // Redeliveries of acks a dead leader had not replicated arrive after the election; give a late duplicate a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const twice = [...deliveries].filter(([, count]) => count > 1);
  expect({ killed: killed.length, failedPublishes: failed.slice(0, 5), missing: missing().length, deliveredTwice: twice.length }).toEqual({
    killed: 2,
    failedPublishes: [],
    missing: 0,
    deliveredTwice: 0,
  });
  expect(new Set(killed).size, `nodes killed: ${killed.join(", ")}`).toBe(2);
  expect(acknowledged).toHaveLength(EVENTS);
  await Promise.all([producer.close(), consumer.close()]);
}, 240_000);
