/**
 * Consumer-group administration: creating a subscription group's Redis groups, removing a
 * fan-out group, and reading a group's lag.
 */
import { PRIORITIES } from "../../bus/catalog.js";
import type { SubscriptionSpec } from "../../bus/transport.js";
import type { RedisContext } from "./context.js";
import { ignoreBusyGroup } from "./dead-letters.js";
import type { GroupMeta } from "./keys.js";

/**
 * Creates the group where missing and records what it is: on event streams from the start
 * (durable: a new group receives retained events) or from now (fan-out); on retry streams from the start.
 */
export async function createGroups(
  context: RedisContext,
  spec: SubscriptionSpec,
  redisGroup: string,
  streams: readonly string[],
  eventStreams: readonly string[],
): Promise<void> {
  const { redis, keys } = context;
  const meta: GroupMeta = { group: spec.group, durable: spec.durable, createdAt: Date.now(), streams: [...eventStreams] };
  if (spec.tenantId !== undefined) meta.tenantId = spec.tenantId;
  await Promise.all([
    ...streams.map((stream) => {
      const start = keys.isRetryStream(stream) || spec.durable ? "0" : "$";
      return redis.xgroup("CREATE", stream, redisGroup, start, "MKSTREAM").catch(ignoreBusyGroup);
    }),
    redis.hset(keys.groups(), redisGroup, JSON.stringify(meta)),
  ]);
}

/** Removes a fan-out group: its consumer group on the event streams, its retry streams, delay set, record and heartbeat. */
export async function destroyGroup(context: RedisContext, redisGroup: string, eventStreams: readonly string[]): Promise<void> {
  const { redis, keys } = context;
  await Promise.all([
    ...eventStreams.map((stream) => redis.xgroup("DESTROY", stream, redisGroup).catch(() => 0)),
    redis.del(keys.delay(redisGroup), keys.alive(redisGroup), ...PRIORITIES.map((p) => keys.retry(redisGroup, p))),
    redis.hdel(keys.groups(), redisGroup),
  ]);
}

/** Entries waiting for the group across `streams`: not yet delivered (lag) plus pending. */
export async function groupLag(context: RedisContext, redisGroup: string, streams: readonly string[]): Promise<number> {
  let total = 0;
  for (const stream of streams) {
    for (const info of await groupInfos(context, stream)) {
      if (info["name"] === redisGroup) total += Number(info["pending"] ?? 0) + Number(info["lag"] ?? 0);
    }
  }
  return total;
}

/** XINFO GROUPS as objects; none when the stream does not exist. */
export async function groupInfos(context: RedisContext, stream: string): Promise<Record<string, unknown>[]> {
  const rows = (await context.redis.xinfo("GROUPS", stream).catch(() => [])) as unknown[][];
  return rows.map((row) => {
    const info: Record<string, unknown> = {};
    for (let i = 0; i + 1 < row.length; i += 2) info[String(row[i])] = row[i + 1];
    return info;
  });
}
