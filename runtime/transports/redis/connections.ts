/**
 * Opening connections to one server (ioredis `Redis`) or to a Redis Cluster (ioredis `Cluster`,
 * which follows MOVED/ASK and waits through failovers), and finding the node connection that
 * serves the namespace's slot, for the few commands that must reach that node itself:
 * `WAIT` counts the replicas that copied the writes of the connection it is sent on, and
 * `CLIENT ID` / `CLIENT UNBLOCK` name a connection of one server.
 */
import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../../bus/transport.js";
import type { RedisClient } from "./context.js";
import type { ResolvedRedisOptions } from "./options.js";
import { sleep } from "./retrying.js";

/** Between attempts while a cluster's slot moves to a promoted replica. */
const FAILOVER_RETRY_MS = 100;

/**
 * A lazily connecting client: it waits for the server however long it is away (no
 * MaxRetriesPerRequestError); the outage bound is the transport's, the same on every transport.
 */
export function openClient(options: ResolvedRedisOptions, name: string, logger: Logger): RedisClient {
  const shared: RedisOptions = { ...options.connection, connectionName: name, maxRetriesPerRequest: null };
  const client =
    options.cluster === undefined
      ? new Redis({ retryStrategy: (times) => Math.min(times * 50, 1000), ...shared, lazyConnect: true })
      : new Cluster(options.cluster, {
          lazyConnect: true,
          scaleReads: "master",
          redisOptions: shared,
          clusterRetryStrategy: (times) => Math.min(times * 50, 1000),
          retryDelayOnFailover: FAILOVER_RETRY_MS,
          retryDelayOnClusterDown: FAILOVER_RETRY_MS,
          retryDelayOnTryAgain: FAILOVER_RETRY_MS,
          // Each retry through a failover is a redirection: enough of them to last the outage wait.
          maxRedirections: Math.ceil(options.outageTimeoutMs / FAILOVER_RETRY_MS) + 16,
        });
  client.on("error", (error: Error) => logger.debug(`redis: connection ${name}: ${error.message}`));
  return client;
}

/** Where the client connects, for log lines and errors. */
export function describeServer(options: ResolvedRedisOptions): string {
  if (options.cluster !== undefined) return `cluster ${options.cluster.map(({ host, port }) => `${host}:${port}`).join(",")}`;
  return `${options.connection.host ?? "127.0.0.1"}:${options.connection.port ?? 6379}`;
}

const slots = new WeakMap<Cluster, Map<string, number>>();

/**
 * The connection of the primary serving `key`'s slot: the client itself on one server. On a
 * cluster, the node the cluster client sends that slot's commands on; while the slot has no
 * reachable owner (failover), a command routed through the cluster waits for the new one.
 */
export async function slotNode(client: RedisClient, key: string): Promise<Redis> {
  if (client instanceof Redis) return client;
  let known = slots.get(client);
  if (known === undefined) slots.set(client, (known = new Map()));
  let slot = known.get(key);
  if (slot === undefined) {
    slot = Number(await client.cluster("KEYSLOT", key));
    known.set(key, slot);
  }
  for (;;) {
    const owner = client.slots[slot]?.[0];
    const node = client.nodes("master").find(({ options }) => `${options.host}:${options.port}` === owner);
    if (node !== undefined && node.status !== "end") return node;
    // Routed by the cluster client, which refreshes its slot map on MOVED and through failovers.
    await client.exists(key);
    await sleep(FAILOVER_RETRY_MS);
  }
}
