/**
 * Stream partitions: an event's stream split into `count` streams, each under its own hash tag,
 * so one event type spreads over several Redis Cluster shards. An event goes to the partition
 * its partition key hashes to (a payload field named by the catalog, default the event id), so
 * the events of one key stay in one stream, in order.
 *
 * One partition is today's layout: `<ns>` (`{<ns>}` on a cluster), so existing data keeps working.
 * Partition i of n (n > 1) is `<ns>:p<i>of<n>`, and on a cluster `{<ns>:p<i>of<n>:<salt>}` where
 * the salt is the smallest number that puts the tag's slot in the i-th n-th of the 16384 slots.
 * `redis-cli --cluster create` gives each of k primaries an equal run of slots in order, so with
 * n = k each partition lands on its own primary (with n = 3 on a default 3-primary cluster:
 * slots 0-5460, 5461-10922, 10923-16383), and partitions spread evenly for any other n.
 */
import type { CatalogDefinition } from "../../bus/catalog.js";
import type { CloudEvent } from "../../bus/envelope.js";
import type { ResolvedRedisOptions } from "./options.js";

export const SLOTS = 16384;

export interface Partition {
  index: number;
  count: number;
}

/** How an event is partitioned: from the options, else the catalog, else one partition keyed by the event id. */
export interface EventPartitioning {
  count: number;
  /** Payload field whose value picks the partition; undefined: the event id. */
  key: string | undefined;
}

export function eventPartitioning(options: ResolvedRedisOptions, catalog: CatalogDefinition, event: string): EventPartitioning {
  const own = options.eventPartitions[event];
  const fromCatalog = catalog.events[event]?.partitioning;
  return {
    count: own?.partitions ?? fromCatalog?.partitions ?? options.partitions,
    key: own?.partitionKey ?? fromCatalog?.partitionKey,
  };
}

/** The key prefix of a partition (the hash tag on a cluster). */
export function partitionPrefix(namespace: string, cluster: boolean, { index, count }: Partition): string {
  if (count === 1) return cluster ? `{${namespace}}` : namespace;
  const name = `${namespace}:p${index}of${count}`;
  if (!cluster) return name;
  const low = Math.ceil((index * SLOTS) / count);
  const high = Math.ceil(((index + 1) * SLOTS) / count);
  for (let salt = 0; ; salt++) {
    const tag = `${name}:${salt}`;
    const slot = keySlot(tag);
    if (slot >= low && slot < high) return `{${tag}}`;
  }
}

/** The partition an event goes to. A missing key field falls back to the event id (such events have no key to order by). */
export function partitionOf(event: CloudEvent, partitioning: EventPartitioning): number {
  if (partitioning.count === 1) return 0;
  const data = event.data as Record<string, unknown> | null;
  const value = partitioning.key === undefined || typeof data !== "object" || data === null ? undefined : data[partitioning.key];
  const key = value === undefined || value === null ? event.id : String(value);
  return fnv1a(key) % partitioning.count;
}

/** 32-bit FNV-1a over the UTF-16 code units: stable across processes and versions, cheap, well spread. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Redis Cluster's slot of a hash tag's content: CRC16-XMODEM of its UTF-8 bytes, mod 16384. */
export function keySlot(tag: string): number {
  let crc = 0;
  for (const byte of Buffer.from(tag, "utf8")) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % SLOTS;
}
