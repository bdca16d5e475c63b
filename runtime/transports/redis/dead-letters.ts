/**
 * The dead-letter streams `<ns>:dlq`, one per partition: one entry per event a group gave up on, holding seed 001's
 * `{ originalEvent, error: { message, code, attempts, lastAttempt } }` plus the group and the
 * original binary-mode fields, so `replay` can hand the very same entry back to that group.
 * Entries older than the dead-letter TTL are trimmed (on every dead-letter write and here).
 */
import type { Priority } from "../../bus/catalog.js";
import { PRIORITIES } from "../../bus/catalog.js";
import type { DeadLetter, DeadLetterError, DeadLetterQuery, DeadLetterStore } from "../../bus/transport.js";
import type { RedisContext } from "./context.js";
import { ATTEMPT_FIELD, DATA_FIELD, decodeFields, entryTime, originalFields } from "./entry.js";
import { REPLAY, runScript } from "./scripts.js";

export interface DeadLetterSource {
  type: string;
  eventId: string;
  group: string;
  redisGroup: string;
  priority: Priority;
  fields: readonly string[];
}

/** Field list of a DLQ entry. */
export function deadLetterFields(source: DeadLetterSource, error: DeadLetterError): string[] {
  const headers: Record<string, string> = {};
  let body = "";
  const fields = originalFields(source.fields);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === DATA_FIELD) body = fields[i + 1] as string;
    else headers[fields[i] as string] = fields[i + 1] as string;
  }
  return [
    "type", source.type,
    "event-id", source.eventId,
    "group", source.group,
    "redis-group", source.redisGroup,
    "priority", source.priority,
    "error", JSON.stringify(error),
    "headers", JSON.stringify(headers),
    DATA_FIELD, body,
  ];
}

interface StoredDeadLetter extends DeadLetter {
  /** The entry's id in its partition's dead-letter stream (`id` is the public one). */
  entryId: string;
  type: string;
  redisGroup: string;
  priority: Priority;
  /** The original entry's fields, as they go back on replay. */
  replayFields: string[];
}

function parseDeadLetter(label: string, entryId: string, flat: readonly string[]): StoredDeadLetter {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i] as string] = flat[i + 1] as string;
  const headers = JSON.parse(f["headers"] ?? "{}") as Record<string, string>;
  const replayFields = [...Object.entries(headers).flat(), DATA_FIELD, f[DATA_FIELD] ?? ""];
  const decoded = decodeFields(replayFields);
  const priority = f["priority"] as Priority;
  return {
    id: letterId(label, entryId),
    entryId,
    originalEvent: decoded.ok ? decoded.event : decoded.raw,
    error: JSON.parse(f["error"] ?? "{}") as DeadLetterError,
    group: f["group"] ?? "",
    deadLetteredAt: new Date(entryTime(entryId)).toISOString(),
    type: f["type"] ?? "",
    redisGroup: f["redis-group"] ?? "",
    priority: PRIORITIES.includes(priority) ? priority : "normal",
    replayFields,
  };
}

const PAGE = 500;

export class RedisDeadLetters implements DeadLetterStore {
  /** One per partition (partitions.ts); the single-partition layout's ids are the bare entry ids. */
  private contexts: RedisContext[] | undefined;

  attach(contexts: RedisContext[]): void {
    this.contexts = contexts;
  }

  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const out: DeadLetter[] = [];
    for (const context of this.ready()) {
      for await (const letter of this.scan(context)) {
        if (query.type !== undefined && letter.type !== query.type) continue;
        if (query.group !== undefined && letter.group !== query.group) continue;
        if (out.length >= limit) return out;
        out.push(publicView(letter));
      }
    }
    return out;
  }

  async count(): Promise<number> {
    let total = 0;
    for (const { redis, keys } of this.ready()) total += await redis.xlen(keys.deadLetters());
    return total;
  }

  async replay(ids?: readonly string[]): Promise<number> {
    let replayed = 0;
    for (const context of this.ready()) {
      const { redis, keys } = context;
      const letters = ids === undefined ? await this.all(context) : await this.byIds(context, ids);
      for (const letter of letters) {
        const retryStream = keys.retry(letter.redisGroup, letter.priority);
        // The group may never have read this level (or was cleaned up): create it so nothing is stranded.
        await redis.xgroup("CREATE", retryStream, letter.redisGroup, "0", "MKSTREAM").catch(ignoreBusyGroup);
        const fields = [...letter.replayFields, ATTEMPT_FIELD, "0"];
        replayed += await runScript<number>(redis, REPLAY, [keys.deadLetters(), retryStream], [letter.entryId, ...fields]);
      }
    }
    return replayed;
  }

  async purge(ids?: readonly string[]): Promise<number> {
    let purged = 0;
    for (const { redis, keys } of this.ready()) {
      if (ids !== undefined) {
        const own = entryIds(keys.label, ids);
        purged += own.length === 0 ? 0 : await redis.xdel(keys.deadLetters(), ...own);
        continue;
      }
      const [[, length], [, deleted]] = (await redis.multi().xlen(keys.deadLetters()).del(keys.deadLetters()).exec()) as [
        [unknown, number],
        [unknown, number],
      ];
      purged += deleted === 1 ? length : 0;
    }
    return purged;
  }

  /** Removes a partition's entries older than the TTL (server clock, like the entry ids). */
  async expire(context: RedisContext): Promise<void> {
    const { redis, keys, options } = context;
    const [seconds, micros] = await redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await redis.xtrim(keys.deadLetters(), "MINID", now - options.deadLetterTtlMs);
  }

  private async *scan(context: RedisContext): AsyncGenerator<StoredDeadLetter> {
    await this.expire(context);
    const { redis, keys } = context;
    let start = "-";
    for (;;) {
      const page = (await redis.xrange(keys.deadLetters(), start, "+", "COUNT", PAGE)) as [string, string[]][];
      for (const [id, fields] of page) yield parseDeadLetter(keys.label, id, fields);
      if (page.length < PAGE) return;
      start = `(${page[page.length - 1]![0]}`;
    }
  }

  private async all(context: RedisContext): Promise<StoredDeadLetter[]> {
    const out: StoredDeadLetter[] = [];
    for await (const letter of this.scan(context)) out.push(letter);
    return out;
  }

  private async byIds({ redis, keys }: RedisContext, ids: readonly string[]): Promise<StoredDeadLetter[]> {
    const found = await Promise.all(entryIds(keys.label, ids).map((id) => redis.xrange(keys.deadLetters(), id, id)));
    return found.flatMap((rows) => (rows as [string, string[]][]).map(([id, fields]) => parseDeadLetter(keys.label, id, fields)));
  }

  private ready(): RedisContext[] {
    if (this.contexts === undefined) throw new Error("the redis transport has not been started: call start() (the bus does) before using deadLetters");
    return this.contexts;
  }
}

/** A dead letter's public id: the entry id, prefixed with its partition's label where there are several. */
function letterId(label: string, entryId: string): string {
  return label === "" ? entryId : `${label}/${entryId}`;
}

/** The entry ids among public ids that belong to the partition labelled `label`. */
function entryIds(label: string, ids: readonly string[]): string[] {
  const prefix = label === "" ? "" : `${label}/`;
  return ids.filter((id) => (prefix === "" ? !id.includes("/") : id.startsWith(prefix))).map((id) => id.slice(prefix.length));
}

function publicView({ id, originalEvent, error, group, deadLetteredAt }: StoredDeadLetter): DeadLetter {
  return { id, originalEvent, error, group, deadLetteredAt };
}

export function ignoreBusyGroup(error: unknown): void {
  if (!(error instanceof Error) || !error.message.startsWith("BUSYGROUP")) throw error;
}
