/**
 * Options of `redisTransport()` and how they combine with the catalog's `x-eventsmith.redis`
 * settings: an explicit option wins over the catalog, the catalog over the defaults.
 * Unknown keys are errors in both places, so a typo never silently falls back to a default.
 */
import type { RedisOptions } from "ioredis";
import { InvalidOptionsError } from "../../bus/errors.js";
import { DEFAULT_OUTAGE_TIMEOUT_MS } from "../shared/outage.js";

export interface RedisTransportOptions {
  /** The server: a `redis://` URL or ioredis options. Default `redis://127.0.0.1:6379`. Not with `cluster`. */
  connection?: string | RedisOptions;
  /**
   * A Redis Cluster instead of one server: seed nodes as `redis://` URLs (any reachable subset
   * of the cluster; the rest is discovered). Every key of the namespace carries the hash tag
   * `{<namespace>}`, so each script and multi-key command stays within one slot (no CROSSSLOT).
   * MOVED/ASK redirections and failovers are followed; commands wait through a failover up to
   * `outageTimeoutMs`.
   */
  cluster?: string[];
  /**
   * When a publish resolves. `"primary"` (default): once the primary has the entry; Redis
   * replicates asynchronously, so a primary that dies before its replica copied the entry
   * loses it on failover. `"replicated"`: also after `WAIT 1` — at least one replica has it —
   * else the publish fails with REPLICATION_TIMEOUT after `replicaTimeoutMs`.
   */
  durability?: "primary" | "replicated";
  /** With `durability: "replicated"`: how long a publish waits for a replica's acknowledgement. Default 2000. */
  replicaTimeoutMs?: number;
  /**
   * Streams per event (stream partitions), so one event type spreads over several cluster shards.
   * Default `catalog.redis.partitions`, else 1 (one stream per event: the single-partition layout).
   * Order is kept per partition key (see `eventPartitions`) within its partition.
   */
  partitions?: number;
  /**
   * Per event: its partition count and the payload field whose value picks the partition (its
   * partition key; default the event id). Wins over the event's `x-eventsmith` in the catalog.
   */
  eventPartitions?: Readonly<Record<string, { partitions?: number; partitionKey?: string }>>;
  /** Prefix of every key (`<namespace>:stream:<event>` …). Default: `catalog.redis.namespace`, else the catalog name. */
  namespace?: string;
  /**
   * Consumer name prefix inside consumer groups. Give a stable one (e.g. a StatefulSet pod name)
   * so a restarted process re-reads its own pending entries at once instead of waiting for the
   * reaper; it must be unique among live processes. Default: `<hostname>-<pid>-<random>`.
   */
  consumerName?: string;
  /** Dedup window and event-status lifetime. Default `catalog.redis.eventTtlSeconds`, else 3600. */
  eventTtlSeconds?: number;
  /** Dead-letter entries expire after this. Default `catalog.redis.deadLetterTtlSeconds`, else 86400 (seed 002). */
  deadLetterTtlSeconds?: number;
  /**
   * Entries older than this are trimmed once every group has acknowledged them (unacknowledged
   * entries are never trimmed). Default `catalog.redis.retentionSeconds`, else 86400.
   */
  retentionSeconds?: number;
  /** How long one blocking read waits before it is re-issued. Default 5000. */
  blockMs?: number;
  /** Most entries fetched by one read (also bounded by the subscription's free concurrency). Default `catalog.redis.batchSize` (seed 002), else 256. */
  readBatch?: number;
  /** Most events sent by one publish script call; larger batches are split. Default 512. */
  publishBatch?: number;
  /** Trimming, dead-letter expiry and cleanup of abandoned fan-out groups run this often. Default 5000. */
  maintenanceIntervalMs?: number;
  /** Idle pending entries are looked for this often. Default: half the subscription's ack timeout, within 100..5000. */
  claimIntervalMs?: number;
  /** `close()` gives up on unsettled work after this (it stays pending and is redelivered later). Default 10000. */
  closeTimeoutMs?: number;
  /**
   * The outage wait, the same on every transport: how long publish and subscribe wait for an
   * unreachable server before they fail with TRANSPORT_UNAVAILABLE (default 10,000).
   * Reconnecting goes on in the background regardless, also when the server is down at start.
   */
  outageTimeoutMs?: number;
}

export interface ResolvedRedisOptions {
  connection: RedisOptions;
  /** Seed nodes of a Redis Cluster; undefined for one server. */
  cluster: { host: string; port: number }[] | undefined;
  durability: "primary" | "replicated";
  replicaTimeoutMs: number;
  namespace: string;
  partitions: number;
  eventPartitions: Readonly<Record<string, { partitions?: number; partitionKey?: string }>>;
  consumerName: string | undefined;
  eventTtlMs: number;
  deadLetterTtlMs: number;
  retentionMs: number;
  blockMs: number;
  readBatch: number;
  publishBatch: number;
  maintenanceIntervalMs: number;
  claimIntervalMs: number | undefined;
  closeTimeoutMs: number;
  outageTimeoutMs: number;
}

const OPTION_KEYS = [
  "connection",
  "cluster",
  "durability",
  "replicaTimeoutMs",
  "namespace",
  "partitions",
  "eventPartitions",
  "consumerName",
  "eventTtlSeconds",
  "deadLetterTtlSeconds",
  "retentionSeconds",
  "blockMs",
  "readBatch",
  "publishBatch",
  "maintenanceIntervalMs",
  "claimIntervalMs",
  "closeTimeoutMs",
  "outageTimeoutMs",
] as const;

/** The keys a catalog may set under `x-eventsmith.redis`. */
const CATALOG_KEYS = ["namespace", "partitions", "eventTtlSeconds", "deadLetterTtlSeconds", "retentionSeconds", "batchSize"] as const;

/** Checks the options object itself; called by `redisTransport()` so mistakes surface at construction. */
export function checkOptions(options: RedisTransportOptions): void {
  rejectUnknown(options as Record<string, unknown>, OPTION_KEYS, "redisTransport options");
  const where = "redisTransport options";
  if (typeof options.connection === "string") urlOptions(options.connection);
  else if (options.connection !== undefined && (typeof options.connection !== "object" || options.connection === null)) {
    throw new InvalidOptionsError(`${where}.connection`, "must be a redis:// URL or ioredis options");
  }
  if (options.cluster !== undefined) {
    if (!Array.isArray(options.cluster) || options.cluster.length === 0 || options.cluster.some((url) => typeof url !== "string")) {
      throw new InvalidOptionsError(`${where}.cluster`, "must be a non-empty list of redis:// URLs");
    }
    if (options.connection !== undefined) throw new InvalidOptionsError(`${where}.cluster`, "give either connection or cluster, not both");
    for (const url of options.cluster) urlOptions(url, `${where}.cluster`);
  }
  if (options.durability !== undefined && options.durability !== "primary" && options.durability !== "replicated") {
    throw new InvalidOptionsError(`${where}.durability`, `must be "primary" or "replicated", got ${JSON.stringify(options.durability)}`);
  }
  for (const key of ["namespace", "consumerName"] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== "string" || value === "" || /\s/.test(value))) {
      throw new InvalidOptionsError(`${where}.${key}`, "must be a non-empty string without whitespace");
    }
  }
  for (const key of ["eventTtlSeconds", "deadLetterTtlSeconds", "retentionSeconds"] as const) {
    positive(options[key], `${where}.${key}`, false);
  }
  if (options.eventPartitions !== undefined) {
    if (typeof options.eventPartitions !== "object" || options.eventPartitions === null) {
      throw new InvalidOptionsError(`${where}.eventPartitions`, "must be an object: event name -> { partitions, partitionKey }");
    }
    for (const [event, setting] of Object.entries(options.eventPartitions)) {
      checkPartitioning(setting, `${where}.eventPartitions.${event}`);
    }
  }
  for (const key of ["partitions", "replicaTimeoutMs", "blockMs", "readBatch", "publishBatch", "maintenanceIntervalMs", "claimIntervalMs", "closeTimeoutMs", "outageTimeoutMs"] as const) {
    positive(options[key], `${where}.${key}`, true);
  }
}

/** Combines options, the catalog's settings and defaults. */
export function resolveOptions(
  options: RedisTransportOptions,
  catalogName: string,
  catalogSettings: Readonly<Record<string, unknown>>,
): ResolvedRedisOptions {
  rejectUnknown(catalogSettings, CATALOG_KEYS, "catalog x-eventsmith.redis");
  const fromCatalog = (key: (typeof CATALOG_KEYS)[number]) => catalogSettings[key];
  const namespace = options.namespace ?? fromCatalog("namespace") ?? catalogName;
  if (typeof namespace !== "string" || namespace === "" || /\s/.test(namespace)) {
    throw new InvalidOptionsError("catalog x-eventsmith.redis.namespace", "must be a non-empty string without whitespace");
  }
  const seconds = (key: "eventTtlSeconds" | "deadLetterTtlSeconds" | "retentionSeconds", fallback: number) => {
    const value = options[key] ?? fromCatalog(key) ?? fallback;
    positive(value, `catalog x-eventsmith.redis.${key}`, false);
    return Math.round((value as number) * 1000);
  };
  const connection =
    options.cluster !== undefined
      ? clusterCredentials(urlOptions(options.cluster[0]!, "redisTransport options.cluster"))
      : typeof options.connection === "string"
        ? urlOptions(options.connection)
        : { ...(options.connection ?? {}) };
  const cluster = options.cluster?.map((url) => {
    const { host, port } = urlOptions(url, "redisTransport options.cluster");
    return { host: host!, port: port! };
  });
  return {
    connection,
    cluster,
    durability: options.durability ?? "primary",
    replicaTimeoutMs: options.replicaTimeoutMs ?? 2000,
    namespace,
    partitions: partitionCount(options.partitions ?? fromCatalog("partitions") ?? 1, "catalog x-eventsmith.redis.partitions"),
    eventPartitions: options.eventPartitions ?? {},
    consumerName: options.consumerName,
    eventTtlMs: seconds("eventTtlSeconds", 3600),
    deadLetterTtlMs: seconds("deadLetterTtlSeconds", 86_400),
    retentionMs: seconds("retentionSeconds", 86_400),
    blockMs: options.blockMs ?? 5000,
    readBatch: batchSize(options.readBatch ?? fromCatalog("batchSize") ?? 256),
    publishBatch: options.publishBatch ?? 512,
    maintenanceIntervalMs: options.maintenanceIntervalMs ?? 5000,
    claimIntervalMs: options.claimIntervalMs,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
    outageTimeoutMs: options.outageTimeoutMs ?? DEFAULT_OUTAGE_TIMEOUT_MS,
  };
}

/** Checks one event's partition setting (the option's or the catalog message's `x-eventsmith`); returns the problem's message. */
export function partitioningProblem(setting: unknown): { key: string; message: string } | undefined {
  if (typeof setting !== "object" || setting === null) return { key: "", message: "must be an object with partitions and/or partitionKey" };
  for (const key of Object.keys(setting)) {
    if (key !== "partitions" && key !== "partitionKey") return { key, message: "unknown option (known: partitions, partitionKey)" };
  }
  const { partitions, partitionKey } = setting as { partitions?: unknown; partitionKey?: unknown };
  if (partitions !== undefined && (typeof partitions !== "number" || !Number.isInteger(partitions) || partitions < 1)) {
    return { key: "partitions", message: `must be a positive integer, got ${JSON.stringify(partitions)}` };
  }
  if (partitionKey !== undefined && (typeof partitionKey !== "string" || partitionKey === "")) {
    return { key: "partitionKey", message: `must be the name of a payload field, got ${JSON.stringify(partitionKey)}` };
  }
  return undefined;
}

function checkPartitioning(setting: unknown, path: string): void {
  const problem = partitioningProblem(setting);
  if (problem !== undefined) throw new InvalidOptionsError(problem.key === "" ? path : `${path}.${problem.key}`, problem.message);
}

function partitionCount(value: unknown, path: string): number {
  positive(value, path, true);
  return value as number;
}

function batchSize(value: unknown): number {
  positive(value, "catalog x-eventsmith.redis.batchSize", true);
  return value as number;
}

/** What every cluster node connection shares: the first seed URL's credentials and TLS (nodes have their own addresses). */
function clusterCredentials({ host: _host, port: _port, db: _db, ...shared }: RedisOptions): RedisOptions {
  return shared;
}

function urlOptions(url: string, where = "redisTransport options.connection"): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidOptionsError(where, `"${url}" is not a URL`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new InvalidOptionsError(where, `"${url}" is not a redis:// or rediss:// URL`);
  }
  const options: RedisOptions = { host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || 6379) };
  if (parsed.username !== "") options.username = decodeURIComponent(parsed.username);
  if (parsed.password !== "") options.password = decodeURIComponent(parsed.password);
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "") options.db = Number(db);
  if (parsed.protocol === "rediss:") options.tls = {};
  return options;
}

function rejectUnknown(object: Readonly<Record<string, unknown>>, known: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new InvalidOptionsError(`${where}.${key}`, `unknown option (known: ${known.join(", ")})`);
    }
  }
}

function positive(value: unknown, path: string, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidOptionsError(path, `must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(value)}`);
  }
}
