/**
 * Key layout under one namespace (seed 002 uses `tekup:`):
 *
 *   <ns>:stream:<event>                 one stream per event; priority is the event's, from the catalog
 *   <ns>:clock                          last entry id given out: ids are ordered across the namespace's streams
 *   <ns>:retry:<group>:<priority>       retries and replays of one Redis group, one stream per priority
 *   <ns>:delay:<group>                  ZSET of retries scored by due time (ms, server clock)
 *   <ns>:dlq                            dead letters (seed 001's structure), trimmed by age
 *   <ns>:event:<id>                     dedup key and status anchor: "<event>\n<stream entry id>", with a TTL
 *   <ns>:event-groups:<id>              per-group status where it cannot be derived (retrying, failed)
 *   <ns>:groups                         HASH Redis group -> {group, tenantId, durable}
 *   <ns>:alive:<group>                  heartbeat of a fan-out (non-durable) group; gone => the group is abandoned
 *
 * On a Redis Cluster `<ns>` is written `{<ns>}`: the hash tag puts every key of the namespace in
 * one slot, so the scripts (publish touches the clock, dedup keys and streams; settling touches a
 * stream, the delay set, the DLQ and status keys) and multi-stream XREADGROUPs never meet CROSSSLOT.
 *
 * With partitions (partitions.ts) each partition is a layout of its own: `<ns>` becomes the
 * partition's prefix, so a partition's streams, clock, retry streams, delay sets, dead letters,
 * dedup and group records share its hash tag, and different partitions sit on different shards.
 */
import type { Priority } from "../../bus/catalog.js";
import { partitionPrefix, type Partition } from "./partitions.js";

export class KeyLayout {
  /** What every key starts with: the namespace (or its partition), as a hash tag on a cluster. */
  readonly prefix: string;

  constructor(
    readonly namespace: string,
    cluster = false,
    readonly partition: Partition = { index: 0, count: 1 },
  ) {
    this.prefix = partitionPrefix(namespace, cluster, partition);
  }

  /** Names the partition where ids of different partitions meet (dead letters); empty for the single-partition layout. */
  get label(): string {
    return this.partition.count === 1 ? "" : `p${this.partition.index}of${this.partition.count}`;
  }

  stream(event: string): string {
    return `${this.prefix}:stream:${event}`;
  }

  clock(): string {
    return `${this.prefix}:clock`;
  }

  retry(redisGroup: string, priority: Priority): string {
    return `${this.prefix}:retry:${redisGroup}:${priority}`;
  }

  delay(redisGroup: string): string {
    return `${this.prefix}:delay:${redisGroup}`;
  }

  deadLetters(): string {
    return `${this.prefix}:dlq`;
  }

  event(id: string): string {
    return `${this.prefix}:event:${id}`;
  }

  eventGroups(id: string): string {
    return `${this.prefix}:event-groups:${id}`;
  }

  groups(): string {
    return `${this.prefix}:groups`;
  }

  alive(redisGroup: string): string {
    return `${this.prefix}:alive:${redisGroup}`;
  }

  isRetryStream(key: string): boolean {
    return key.startsWith(`${this.prefix}:retry:`);
  }
}

/**
 * The Redis consumer group of a subscription group. A tenant-scoped subscription gets its own
 * Redis group, so members of different tenants never compete for (or acknowledge) each other's entries.
 */
export function redisGroupName(group: string, tenantId: string | undefined): string {
  return tenantId === undefined ? group : `${group}#tenant=${tenantId}`;
}

/** What `<ns>:groups` records about a Redis group. */
export interface GroupMeta {
  group: string;
  tenantId?: string;
  durable: boolean;
  /** When the subscription created it (ms): a fan-out group starts at that point of its streams. */
  createdAt: number;
  /** Its event streams, so an abandoned fan-out group can be removed from all of them. */
  streams: string[];
}
