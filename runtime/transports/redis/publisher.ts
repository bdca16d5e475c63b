/**
 * Publishing: one PUBLISH script call per batch checks each event id's dedup key, XADDs the
 * entry to its event's stream and writes the key with the dedup TTL, all in one atomic step.
 * A resend after a lost reply (ioredis resends unanswered commands on reconnect) or a caller's
 * retry of the same events is therefore deduplicated, never a second entry.
 *
 * With `durability: "replicated"` the script runs on the connection of the node serving the
 * namespace's slot, followed by `WAIT 1` on that same connection (WAIT counts replicas that
 * copied this connection's writes). A failover in between sends it again, with the same ids.
 */
import type { CloudEvent } from "../../bus/envelope.js";
import { ReplicationTimeoutError, TransportUnavailableError } from "../../bus/errors.js";
import { slotNode } from "./connections.js";
import type { RedisContext } from "./context.js";
import { eventFields } from "./entry.js";
import { isTransient, sleep } from "./retrying.js";
import { PUBLISH, runScript } from "./scripts.js";

/** Publishes events of one partition (the transport routes them; unknown events were rejected there). */
export async function publishEvents(context: RedisContext, events: readonly CloudEvent[]): Promise<void> {
  const { keys, options } = context;
  const batches: Promise<void>[] = [];
  for (let start = 0; start < events.length; start += options.publishBatch) {
    const scriptKeys: string[] = [keys.clock()];
    const args: (string | number)[] = [options.eventTtlMs];
    for (const event of events.slice(start, start + options.publishBatch)) {
      const fields = eventFields(event);
      scriptKeys.push(keys.event(event.id), keys.stream(event.type));
      args.push(event.type, fields.length);
      for (const field of fields) args.push(field);
    }
    batches.push(sendBatch(context, scriptKeys, args));
  }
  await Promise.all(batches);
}

async function sendBatch(context: RedisContext, keys: string[], args: (string | number)[]): Promise<void> {
  let ids: string[];
  try {
    ids = context.options.durability === "replicated" ? await sendReplicated(context, keys, args) : await runScript<string[]>(context.redis, PUBLISH, keys, args);
  } catch (error) {
    // The cluster client's own give-up after retrying through a failover the whole outage wait.
    if (error instanceof Error && error.message.startsWith("Too many Cluster redirections")) {
      throw new TransportUnavailableError(`publishing ${(keys.length - 1) / 2} events`, "Redis", context.options.outageTimeoutMs, error.message);
    }
    throw error;
  }
  count(context, ids);
}

function count(context: RedisContext, ids: readonly string[]): void {
  for (const id of ids) {
    if (id === "") context.metrics.duplicates++;
    else context.metrics.published++;
  }
}

async function sendReplicated(context: RedisContext, keys: string[], args: (string | number)[]): Promise<string[]> {
  const { options } = context;
  const what = `publishing ${(keys.length - 1) / 2} events`;
  const deadline = Date.now() + options.outageTimeoutMs;
  for (;;) {
    const node = await slotNode(context.redis, keys[0]!);
    try {
      const ids = await runScript<string[]>(node, PUBLISH, keys, args);
      const replicas = await node.wait(1, options.replicaTimeoutMs);
      if (replicas < 1) {
        count(context, ids); // stored on the primary all the same
        throw new ReplicationTimeoutError(what, "Redis", options.replicaTimeoutMs);
      }
      return ids;
    } catch (error) {
      // A node that died or gave its slots away: the slot's new owner gets the same events (deduplicated).
      const moved = error instanceof Error && /^(MOVED|ASK|CLUSTERDOWN) /.test(error.message);
      if ((!moved && !isTransient(error)) || error instanceof ReplicationTimeoutError) throw error;
      if (Date.now() > deadline) throw new TransportUnavailableError(what, "Redis", options.outageTimeoutMs, String(error));
      await sleep(100);
    }
  }
}
