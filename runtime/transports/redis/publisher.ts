/**
 * Publishing: one PUBLISH script call per batch checks each event id's dedup key, XADDs the
 * entry to its event's stream and writes the key with the dedup TTL, all in one atomic step.
 * A resend after a lost reply (ioredis resends unanswered commands on reconnect) or a caller's
 * retry of the same events is therefore deduplicated, never a second entry.
 */
import type { CloudEvent } from "../../bus/envelope.js";
import { UnknownEventError } from "../../bus/errors.js";
import type { RedisContext } from "./context.js";
import { eventFields } from "./entry.js";
import { PUBLISH, runScript } from "./scripts.js";

export async function publishEvents(context: RedisContext, events: readonly CloudEvent[]): Promise<void> {
  const { catalog, keys, options } = context;
  // Checked before anything is sent, so a bad event never leaves its batch half published.
  for (const event of events) {
    if (catalog.events[event.type] === undefined) throw new UnknownEventError(event.type, Object.keys(catalog.events));
  }
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
  const ids = await runScript<string[]>(context.redis, PUBLISH, keys, args);
  for (const id of ids) {
    if (id === "") context.metrics.duplicates++;
    else context.metrics.published++;
  }
}
