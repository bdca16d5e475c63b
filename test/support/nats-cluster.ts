/**
 * A private 3-node nats-server JetStream cluster for tests: each node has a free loopback
 * client port, a route port, a `server_name`, its own store directory and config file; routes
 * join the three on loopback. Nodes can be killed (SIGKILL) and restarted on the same ports
 * and store, and the cluster says which node leads a stream or a consumer. Only nats-server
 * 2.9 features are used (the oldest server the transport supports).
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { freePort, requireBinary, startBrokerProcess, type BrokerProcess } from "./broker-process.js";

export interface NatsClusterNode extends BrokerProcess {
  /** `server_name`, as JetStream reports leaders: `n1`, `n2`, `n3`. */
  readonly name: string;
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Client URLs of every node. */
  readonly urls: string[];
  /** The node leading `stream`'s replicas (waits for an election to finish). */
  streamLeader(stream: string): Promise<NatsClusterNode>;
  /** The node leading consumer `consumer` of `stream` (waits for an election to finish). */
  consumerLeader(stream: string, consumer: string): Promise<NatsClusterNode>;
  /** Resolves once JetStream answers through an elected meta leader. */
  ready(): Promise<void>;
  /** Stops every node and removes the stores. */
  stop(): Promise<void>;
}

const NODES = 3;
const LEADER_WAIT_MS = 20_000;

export async function startNatsCluster(): Promise<NatsCluster> {
  const binary = requireBinary("nats-server", "nats-server");
  // A name of its own: a route that reaches another test's cluster (a port reused between
  // freePort() and the bind) is refused instead of merging the two.
  const clusterName = `eventsmith-${process.pid}-${randomUUID().slice(0, 8)}`;
  for (let attempt = 1; ; attempt++) {
    const started = await startNodes(binary, clusterName);
    const nodes = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failed = started.find((result) => result.status === "rejected");
    const problem = failed === undefined ? await strangerAmong(nodes, clusterName) : String(failed.reason);
    if (problem === undefined) return clusterOf(nodes);
    await Promise.all(nodes.map((node) => node.stop()));
    if (attempt === 3) throw new Error(`could not start a NATS cluster on free ports: ${problem}`);
  }
}

/** Every node started, or why one could not (its port taken meanwhile, typically). */
async function startNodes(binary: string, clusterName: string): Promise<PromiseSettledResult<NatsClusterNode>[]> {
  const routePorts = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  return Promise.allSettled(
    routePorts.map(async (routePort, index) => {
      const name = `n${index + 1}`;
      const routes = routePorts.filter((port) => port !== routePort).map((port) => `nats-route://127.0.0.1:${port}`);
      const broker = await startBrokerProcess({
        name: `nats-cluster-${name}`,
        binary,
        args: (port, dataDir) => {
          const file = join(dataDir, "server.conf");
          writeFileSync(file, config({ name, clusterName, port, routePort, routes, storeDir: join(dataDir, "jetstream") }));
          return ["-c", file];
        },
      });
      return Object.assign(broker, { name, url: `nats://127.0.0.1:${broker.port}` });
    }),
  );
}

/**
 * A node whose port answers with another server (another test's, which bound the port between
 * freePort() and our start, so that waitForPort saw it open): described, or undefined.
 */
async function strangerAmong(nodes: readonly NatsClusterNode[], clusterName: string): Promise<string | undefined> {
  for (const node of nodes) {
    const nc = await connect({ servers: node.url, timeout: 2000 }).catch(() => undefined);
    const info = nc?.info;
    await nc?.close();
    if (info?.server_name !== node.name || info.cluster !== clusterName) {
      return `${node.url} answered as ${info?.server_name ?? "nothing"} in cluster ${info?.cluster ?? "none"}, not ${node.name} in ${clusterName}`;
    }
  }
  return undefined;
}

async function clusterOf(nodes: NatsClusterNode[]): Promise<NatsCluster> {
  const urls = nodes.map((node) => node.url);

  /** Asks any live node until `ask` answers (undefined: not yet), e.g. while an election runs. */
  const poll = async <T>(what: string, ask: (jsm: JetStreamManager) => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + LEADER_WAIT_MS;
    let last = "no answer";
    for (;;) {
      try {
        const nc = await connect({ servers: urls, timeout: 1000 });
        try {
          const answer = await ask(await jetstreamManager(nc, { timeout: 1000 }));
          if (answer !== undefined) return answer;
          last = "not yet";
        } finally {
          await nc.close();
        }
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) throw new Error(`${what} after ${LEADER_WAIT_MS} ms: ${last}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const node = (name: string | undefined) => nodes.find((candidate) => candidate.name === name);

  const cluster: NatsCluster = {
    nodes,
    urls,
    streamLeader: (stream) => poll(`no leader for stream ${stream}`, async (jsm) => node((await jsm.streams.info(stream)).cluster?.leader)),
    consumerLeader: (stream, consumer) =>
      poll(`no leader for consumer ${stream}/${consumer}`, async (jsm) => node((await jsm.consumers.info(stream, consumer)).cluster?.leader)),
    // Account info needs the JetStream meta leader: the cluster has formed and elected one.
    ready: () => poll("JetStream cluster not ready", async (jsm) => Boolean(await jsm.getAccountInfo())).then(() => undefined),
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
  await cluster.ready();
  return cluster;
}

function config(node: { name: string; clusterName: string; port: number; routePort: number; routes: string[]; storeDir: string }): string {
  return [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.port}`,
    `jetstream { store_dir: ${JSON.stringify(node.storeDir)} }`,
    "cluster {",
    `  name: ${node.clusterName}`,
    `  listen: 127.0.0.1:${node.routePort}`,
    `  routes: [${node.routes.join(", ")}]`,
    "}",
    "",
  ].join("\n");
}
