/** What the parts of one Redis transport share once it has started. */
import type { Outage } from "../shared/outage.js";
import type { Cluster, Redis } from "ioredis";
import type { CatalogDefinition } from "../../bus/catalog.js";
import type { Logger } from "../../bus/transport.js";
import type { AckBatcher } from "./ack-batcher.js";
import type { KeyLayout } from "./keys.js";
import type { RedisTransportMetrics } from "./metrics.js";
import type { ResolvedRedisOptions } from "./options.js";
import type { Persistent } from "./retrying.js";

/** One server's connection, or a Redis Cluster's (which routes each command to its slot's node). */
export type RedisClient = Redis | Cluster;

export interface RedisContext {
  /** The command connection: publishes, settlements, claims, maintenance. */
  redis: RedisClient;
  keys: KeyLayout;
  options: ResolvedRedisOptions;
  catalog: CatalogDefinition;
  logger: Logger;
  metrics: RedisTransportMetrics;
  persistent: Persistent;
  acks: AckBatcher;
  /** Reachability of the server: bounds waits for it and logs outages (shared/outage.ts). */
  outage: Outage;
  /** Opens a dedicated connection for one blocking read loop. */
  connect(name: string): RedisClient;
}
