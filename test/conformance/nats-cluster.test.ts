/**
 * The conformance suite against a private 3-node JetStream cluster (test/support/nats-cluster.ts),
 * every stream replicated on all three nodes (`replicas: 3`); the single-node run is nats.test.ts.
 * Outage tests use a cluster of their own whose nodes all go down and come back.
 */
import { afterAll } from "vitest";
import { connect } from "@nats-io/transport-node";
import { natsTransport, type NatsTransport } from "eventsmith/nats";
import type { Transport } from "eventsmith/runtime";
import { startNatsCluster, type NatsCluster } from "../support/nats-cluster.js";
import { conformanceSuite } from "./suite.js";

let cluster: Promise<NatsCluster> | undefined;
const namespace = `cluster${process.pid}`;
const settings = {
  subjectPrefix: namespace,
  replicas: 3,
  stream: { name: "CLUSTER_EVENTS" },
  deadLetter: { stream: "CLUSTER_EVENTS_DLQ" },
  reconnectWaitMs: 100,
};

afterAll(async () => {
  await (await cluster)?.stop();
});

conformanceSuite({
  name: "nats-cluster",
  createTransport: async () => {
    cluster ??= startNatsCluster();
    return natsTransport({ servers: (await cluster).urls, ...settings });
  },
  capabilities: natsTransport().capabilities,
  crash: async (transport: Transport) => (transport as NatsTransport).abort(),
  brokerDown: async (outageTimeoutMs) => {
    const down = await startNatsCluster();
    const all = (action: "kill" | "restart") => Promise.all(down.nodes.map((node) => node[action]())).then(() => undefined);
    await all("kill");
    return {
      transport: natsTransport({ servers: down.urls, ...settings, outageTimeoutMs }),
      up: () => all("restart").then(() => down.ready()),
      down: () => all("kill"),
      stop: () => down.stop(),
    };
  },
  poison: async (type, count) => {
    const nc = await connect({ servers: (await cluster!).urls });
    for (let i = 0; i < count; i++) nc.publish(`${namespace}.${type}`, `{not json ${i}`);
    await nc.flush();
    await nc.close();
  },
});
