/**
 * Reads of entries that were already delivered once: a consumer's own pending entries after a
 * (re)connect, and entries of dead consumers claimed after the ack timeout. Both come with the
 * broker's delivery count, which is what `Delivery.attempt` reports for them.
 */
import type { RedisClient } from "./context.js";
import { CLAIM, RECOVER, runScript } from "./scripts.js";

export interface RedeliveredEntry {
  stream: string;
  id: string;
  /** Null when the entry was trimmed while it was pending. */
  fields: string[] | null;
  /** Deliveries so far, this one included. */
  deliveries: number;
}

type Entries = [id: string, fields: string[] | null][];

export interface GroupMember {
  group: string;
  consumer: string;
}

/** XREADGROUP with an id: the consumer's own pending entries after `after`, oldest first. */
export async function readOwnPending(
  redis: RedisClient,
  stream: string,
  member: GroupMember,
  count: number,
  after: string,
): Promise<RedeliveredEntry[]> {
  const [entries, pending] = await runScript<[Entries, [string, string, number, number][]]>(
    redis,
    RECOVER,
    [stream],
    [member.group, member.consumer, count, after],
  );
  const deliveries = new Map(pending.map(([id, , , count]) => [id, count]));
  return entries.map(([id, fields]) => ({ stream, id, fields, deliveries: deliveries.get(id) ?? 1 }));
}

export interface ClaimResult {
  /** XAUTOCLAIM cursor for the next call ("0-0" once the pending list was scanned to its end). */
  next: string;
  entries: RedeliveredEntry[];
  /** Pending ids whose entries were trimmed: nobody can process them any more. */
  lost: string[];
}

/** XAUTOCLAIM of entries idle for at least `minIdleMs`, into `member.consumer`. */
export async function claimIdle(
  redis: RedisClient,
  stream: string,
  member: GroupMember,
  minIdleMs: number,
  cursor: string,
  count: number,
): Promise<ClaimResult> {
  const [next, entries, counts, lost] = await runScript<[string, Entries, number[], string[]]>(
    redis,
    CLAIM,
    [stream],
    [member.group, member.consumer, minIdleMs, cursor, count],
  );
  return {
    next,
    entries: entries.map(([id, fields], i) => ({ stream, id, fields, deliveries: counts[i] ?? 1 })),
    lost,
  };
}
