/**
 * A private 3-node nats-server JetStream cluster for tests: each node has a free loopback
 * client port, a route port, a `server_name`, its own store directory and config file; routes
 * join the three on loopback. Nodes can be killed (SIGKILL) and restarted on the same ports
 * and store, and the cluster says which node leads a stream or a consumer. Only nats-server
 * 2.9 features are used (the oldest server the transport supports).
 */
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
  const routePorts = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  const nodes = await Promise.all(
    routePorts.map(async (routePort, index) => {
      const name = `n${index + 1}`;
      const routes = routePorts.filter((port) => port !== routePort).map((port) => `nats-route://127.0.0.1:${port}`);
      const broker = await startBrokerProcess({
        name: `nats-cluster-${name}`,
        binary,
        args: (port, dataDir) => {
          const file = join(dataDir, "server.conf");
          writeFileSync(file, config({ name, port, routePort, routes, storeDir: join(dataDir, "jetstream") }));
          return ["-c", file];
        },
      });
      return Object.assign(broker, { name, url: `nats://127.0.0.1:${broker.port}` });
    }),
  );
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

function config(node: { name: string; port: number; routePort: number; routes: string[]; storeDir: string }): string {
  return [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.port}`,
    `jetstream { store_dir: ${JSON.stringify(node.storeDir)} }`,
    "cluster {",
    "  name: eventsmith-test",
    `  listen: 127.0.0.1:${node.routePort}`,
    `  routes: [${node.routes.join(", ")}]`,
    "}",
    "",
  ].join("\n");
}
