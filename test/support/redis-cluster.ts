/**
 * A private 6-node Redis Cluster for tests (3 primaries, 3 replicas): each node a redis-server
 * with `cluster-enabled yes`, its own temporary directory (cluster config file, append-only file
 * synced on every write) and a free loopback port, joined by `redis-cli --cluster create
 * … --cluster-replicas 1 --cluster-yes`. Nodes can be SIGKILLed (a primary's replica is then
 * awaited as the slots' new owner) and restarted on the same port and directory.
 */
import { spawnSync } from "node:child_process";
import { startBrokerProcess, requireBinary, type BrokerProcess } from "./broker-process.js";
import { redisServerArgs } from "./redis-server.js";

export interface ClusterNode extends BrokerProcess {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
}

export interface RedisCluster {
  readonly nodes: readonly ClusterNode[];
  /** Every node's URL: the seed list for `redisTransport({ cluster })`. */
  readonly urls: string[];
  /** The node currently serving `key`'s slot as primary. */
  primaryFor(key: string): ClusterNode;
  /** SIGKILLs a primary and waits until one of its replicas owns its slots and the cluster is ok again. */
  killPrimary(node: ClusterNode): Promise<void>;
  /** Starts a killed node again; it rejoins (as a replica when its slots moved on) and the cluster is ok. */
  restart(node: ClusterNode): Promise<void>;
  /** SIGKILLs every node: the whole cluster is gone, as in a data-centre outage. */
  killAll(): Promise<void>;
  /** Starts every killed node again (from its cluster config and append-only file) and waits for cluster_state:ok. */
  restartAll(): Promise<void>;
  stop(): Promise<void>;
}

const NODE_TIMEOUT_MS = 2000;

export interface RedisClusterOptions {
  /** The nodes' AOF fsync policy: `always` (default; what a node acknowledged survives its SIGKILL) or `no` (benchmarks). */
  appendfsync?: "always" | "no";
}

export async function startRedisCluster({ appendfsync = "always" }: RedisClusterOptions = {}): Promise<RedisCluster> {
  const binary = requireBinary("redis-server", "redis-server");
  requireBinary("redis-cli", "redis-tools");
  const nodes: ClusterNode[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const broker = await startBrokerProcess({
        name: "redis-cluster",
        binary,
        args: (port, dataDir) => [
          ...redisServerArgs(port, dataDir),
          "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", String(NODE_TIMEOUT_MS),
          // A replica takes over however long ago it last heard from its primary: tests kill primaries on purpose.
          "--cluster-replica-validity-factor", "0",
          "--appendfsync", appendfsync,
        ],
      });
      nodes.push(Object.assign(broker, { url: `redis://127.0.0.1:${broker.port}` }));
    }
    const created = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "1", "--cluster-yes"],
      { encoding: "utf8", timeout: 60_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
    await waitUntil(nodes, () => nodes.every((n) => clusterOk(n)), "every node reports cluster_state:ok with all 16384 slots");
    await waitUntil(nodes, () => nodes.every((n) => replicaSynced(n)), "every replica has synced with its primary");
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }

  const alive = new Set(nodes);
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    primaryFor(key) {
      const slot = Number(cli(nodes.find((n) => alive.has(n))!, "CLUSTER", "KEYSLOT", key).trim());
      const owner = slotOwner([...alive], slot);
      const node = nodes.find((n) => n.port === owner);
      if (node === undefined) throw new Error(`no live node owns slot ${slot}`);
      return node;
    },
    async killPrimary(node) {
      const slots = ownedSlots(node);
      if (slots.length === 0) throw new Error(`127.0.0.1:${node.port} is not a primary`);
      await node.kill();
      alive.delete(node);
      const others = [...alive];
      await waitUntil(
        others,
        () => others.every((n) => clusterOk(n) && slotOwner([n], slots[0]!) !== node.port && slotOwner([n], slots[0]!) !== undefined),
        `a replica of 127.0.0.1:${node.port} takes over its slots`,
      );
    },
    async restart(node) {
      await node.restart();
      alive.add(node);
      const all = [...alive];
      await waitUntil(all, () => all.every((n) => clusterOk(n)), `127.0.0.1:${node.port} rejoins`);
    },
    async killAll() {
      await Promise.all(nodes.map((n) => n.kill()));
      alive.clear();
    },
    async restartAll() {
      const dead = nodes.filter((n) => !alive.has(n));
      await Promise.all(dead.map((n) => n.restart()));
      for (const n of dead) alive.add(n);
      await waitUntil(nodes, () => nodes.every((n) => clusterOk(n)), "the restarted cluster is ok");
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

function cli(node: BrokerProcess, ...args: string[]): string {
  const result = spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(node.port), ...args], { encoding: "utf8", timeout: 5000 });
  return result.status === 0 ? result.stdout : "";
}

function clusterOk(node: BrokerProcess): boolean {
  const info = cli(node, "CLUSTER", "INFO");
  return /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info);
}

/** A primary, or a replica whose link to its primary is up (only a synced replica can take over). */
function replicaSynced(node: BrokerProcess): boolean {
  const info = cli(node, "INFO", "replication");
  return /role:master/.test(info) || /master_link_status:up/.test(info);
}

/** The port of the primary that `nodes`' view says owns `slot`. */
function slotOwner(nodes: readonly BrokerProcess[], slot: number): number | undefined {
  for (const node of nodes) {
    for (const line of cli(node, "CLUSTER", "NODES").split("\n")) {
      const parts = line.trim().split(" ");
      if (!parts[2]?.includes("master") || parts[2].includes("fail")) continue;
      const port = Number(parts[1]!.split(":")[1]!.split("@")[0]);
      if (parts.slice(8).some((range) => inRange(range, slot))) return port;
    }
  }
  return undefined;
}

function ownedSlots(node: BrokerProcess): number[] {
  for (const line of cli(node, "CLUSTER", "NODES").split("\n")) {
    const parts = line.trim().split(" ");
    if (!parts[2]?.includes("myself") || !parts[2].includes("master")) continue;
    return parts.slice(8).filter((r) => !r.startsWith("[")).map((r) => Number(r.split("-")[0]));
  }
  return [];
}

function inRange(range: string, slot: number): boolean {
  if (range.startsWith("[")) return false;
  const [from, to] = range.split("-").map(Number);
  return slot >= from! && slot <= (to ?? from)!;
}

async function waitUntil(nodes: readonly BrokerProcess[], ready: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) {
      throw new Error(`redis cluster: timed out waiting until ${what}\n${nodes.map((n) => `${n.port}: ${n.log().slice(-2000)}`).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
