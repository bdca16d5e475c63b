/**
 * Carries out the bus's decision for one entry with Redis primitives:
 * ack -> XACK (batched; a retry-stream entry is also deleted), retry -> XACK + ZADD to the
 * group's delay set, dead-letter -> XACK + XADD to the DLQ. Each of the multi-step ones is one script, so a
 * crash can never leave an entry both acknowledged and not retried / not dead-lettered.
 */
import { PRIORITIES } from "../../bus/catalog.js";
import type { DeadLetterError, Settlement } from "../../bus/transport.js";
import type { AckOwner } from "./ack-batcher.js";
import type { RedisContext } from "./context.js";
import type { HeldEntry } from "./held.js";
import { deadLetterFields } from "./dead-letters.js";
import { fieldValue, originalFields } from "./entry.js";
import { ACK_RETRIED, DEAD_LETTER, RETRY, runScript } from "./scripts.js";

export interface GroupIdentity {
  group: string;
  redisGroup: string;
}

/**
 * Tells `owner.settled(entry)` once Redis has recorded the settlement (with the error if it
 * could not). A plain ack goes through the AckBatcher, without promise or closure: the hot path.
 */
export function settle(
  context: RedisContext,
  who: GroupIdentity,
  entry: HeldEntry,
  settlement: Settlement,
  owner: AckOwner<HeldEntry>,
): void {
  if (settlement.kind === "ack" && !entry.retry) {
    context.acks.ack(entry.stream, who.redisGroup, entry.id, owner, entry);
    return;
  }
  settleByScript(context, who, entry, settlement).then(
    () => owner.settled(entry),
    (error: unknown) => owner.settled(entry, error),
  );
}

async function settleByScript(context: RedisContext, who: GroupIdentity, entry: HeldEntry, settlement: Settlement): Promise<void> {
  const { keys, metrics, persistent, redis } = context;
  const eventId = fieldValue(entry.fields, "ce-id") ?? "";
  const statusKeys = [keys.event(eventId), keys.eventGroups(eventId)];
  switch (settlement.kind) {
    case "ack": {
      await persistent.run("ack", () => runScript(redis, ACK_RETRIED, [entry.stream, ...statusKeys], [who.redisGroup, entry.id]));
      metrics.acked++;
      return;
    }
    case "retry": {
      const member = JSON.stringify({
        p: PRIORITIES.indexOf(entry.priority) + 1,
        a: entry.attempt,
        i: `${entry.stream} ${entry.id}`,
        f: originalFields(entry.fields),
      });
      const delayMs = Math.max(0, Math.round(settlement.delayMs));
      const done = await persistent.run("retry", () =>
        runScript<number>(
          redis,
          RETRY,
          [entry.stream, keys.delay(who.redisGroup), ...statusKeys],
          [who.redisGroup, entry.id, delayMs, member, entry.retry ? "1" : "0"],
        ),
      );
      if (done === 1) metrics.retried++;
      return;
    }
    case "dead-letter": {
      await deadLetter(context, who, entry, eventId, settlement.error);
      return;
    }
  }
}

async function deadLetter(
  context: RedisContext,
  who: GroupIdentity,
  entry: HeldEntry,
  eventId: string,
  error: DeadLetterError,
): Promise<void> {
  const { keys, metrics, persistent, redis, options, logger } = context;
  const fields = deadLetterFields({ ...who, type: entry.type, eventId, priority: entry.priority, fields: entry.fields }, error);
  const id = await persistent.run("dead-letter", () =>
    runScript<string>(
      redis,
      DEAD_LETTER,
      [entry.stream, keys.deadLetters(), keys.event(eventId), keys.eventGroups(eventId)],
      [who.redisGroup, entry.id, options.deadLetterTtlMs, entry.retry ? "1" : "0", ...fields],
    ),
  );
  if (id !== "") {
    metrics.deadLettered++;
    logger.warn(`redis: dead-lettered ${entry.type} ${eventId || entry.id} for group ${who.group}: ${error.code}`, {
      stream: entry.stream,
      entry: entry.id,
      dlqEntry: id,
      error,
    });
  }
}
