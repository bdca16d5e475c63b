/**
 * Event status tracking (seed 002's `getEventStatus`): pending, processing, completed, failed,
 * queryable by event id for as long as the event's key lives (`eventTtlSeconds`).
 *
 * Nothing is written on the hot path for it. The event key written by publish points at the
 * stream entry, and each group's status is derived from the group's state: entry after the
 * last-delivered id -> pending; in the pending list -> processing; else completed. Only the
 * rare transitions are recorded (retrying, failed, and completed after a retry).
 */
import type { RedisContext } from "./context.js";
import { groupInfos } from "./groups.js";
import { compareIds, entryTime, fieldValue } from "./entry.js";
import type { GroupMeta } from "./keys.js";

export type EventStatus = "pending" | "processing" | "completed" | "failed";

export interface EventStatusReport {
  id: string;
  /** The event name. */
  type: string;
  /**
   * Summary: `failed` if a group dead-lettered it; `completed` once every group acknowledged it;
   * `pending` while no group has received it (or no group reads its stream); else `processing`.
   */
  status: EventStatus;
  /**
   * Status per subscription group meant to receive it: a tenant-scoped group appears as
   * `<group>#tenant=<id>`, and only for its tenant's events.
   */
  groups: Record<string, EventStatus>;
}

const RECORDED: Record<string, EventStatus> = { retrying: "processing", failed: "failed", completed: "completed" };

export async function eventStatus(context: RedisContext, id: string): Promise<EventStatusReport | null> {
  const { redis, keys } = context;
  const [anchor, recorded] = await Promise.all([redis.get(keys.event(id)), redis.hgetall(keys.eventGroups(id))]);
  if (anchor === null) return null;
  const split = anchor.lastIndexOf("\n");
  const type = anchor.slice(0, split);
  const entryId = anchor.slice(split + 1);
  const stream = keys.stream(type);
  const [infos, entry] = await Promise.all([groupInfos(context, stream), redis.xrange(stream, entryId, entryId)]);
  const tenantId = entry[0] === undefined ? undefined : fieldValue(entry[0][1], "ce-tenantid");
  const groups: Record<string, EventStatus> = {};
  const metas = infos.length === 0 ? [] : await redis.hmget(keys.groups(), ...infos.map((info) => String(info["name"])));
  for (const [i, info] of infos.entries()) {
    const name = String(info["name"]);
    const meta = metas[i] == null ? undefined : (JSON.parse(metas[i] as string) as GroupMeta);
    if (meta?.tenantId !== undefined && meta.tenantId !== tenantId) continue;
    // A fan-out group created after the event never receives it.
    if (meta !== undefined && !meta.durable && entryTime(entryId) < meta.createdAt) continue;
    const known = recorded[name];
    if (known !== undefined && RECORDED[known] !== undefined) {
      groups[name] = RECORDED[known];
    } else if (compareIds(entryId, String(info["last-delivered-id"])) > 0) {
      groups[name] = "pending";
    } else {
      const pending = (await redis.xpending(stream, name, entryId, entryId, 1)) as unknown[];
      groups[name] = pending.length > 0 ? "processing" : "completed";
    }
  }
  return { id, type, status: summarize(Object.values(groups)), groups };
}

function summarize(statuses: readonly EventStatus[]): EventStatus {
  if (statuses.includes("failed")) return "failed";
  if (statuses.length > 0 && statuses.every((s) => s === "completed")) return "completed";
  if (statuses.every((s) => s === "pending")) return "pending";
  return "processing";
}
