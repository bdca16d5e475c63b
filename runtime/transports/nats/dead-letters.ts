/**
 * Dead letters on NATS: a JetStream stream (seed 001: ALUM_EVENTS_DLQ) holding one message
 * per dead letter on `dlq.<original subject>`, its body seed 001's structure
 * `{ originalEvent, error: { message, code, attempts, lastAttempt } }`, the group that gave
 * up in a header. An entry's id is its DLQ stream sequence.
 *
 * Replay publishes the original event again on its subject with a header naming the group:
 * that group's consumer delivers it, every other group's consumer skips it, so only the
 * group that gave up sees it again. It carries a fresh `Nats-Msg-Id` (the event id is still
 * inside the duplicate window of its first publish) and leaves the DLQ once the event
 * stream has acknowledged it.
 */
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/nats-core";
import type { CloudEvent } from "../../bus/envelope.js";
import type { DeadLetter, DeadLetterError, DeadLetterQuery, DeadLetterStore, Logger, RawMessage } from "../../bus/transport.js";
import type { Connection, Link } from "./connection.js";
import type { JetStreamPublisher } from "./publisher.js";
import { encodeEvent, HEADER, toHeaders } from "./message-codec.js";
import { readStream } from "./stream-reader.js";
import { covers, type Subjects } from "./subjects.js";

export interface DeadLetterDeps {
  connection: Connection;
  publisher: JetStreamPublisher;
  subjects: Subjects;
  /** The event stream (where replays go) and the DLQ stream. */
  eventStream: string;
  deadLetterStream: string;
  /** How long list/replay/purge wait for a connection. */
  outageTimeoutMs: number;
  logger: Logger;
}

/** Where a dead letter came from: the consumed message's subject and stream sequence. */
export interface DeadLetterSource {
  subject: string;
  sequence: number;
  group: string;
}

interface StoredDeadLetter {
  seq: number;
  subject: string;
  headers: MsgHdrs | undefined;
  body: string;
  time: Date;
}

export class NatsDeadLetters implements DeadLetterStore {
  constructor(private readonly deps: DeadLetterDeps) {}

  /** Stores a dead letter; resolves once the DLQ stream has acknowledged it. */
  async add(originalEvent: CloudEvent | RawMessage, error: DeadLetterError, source: DeadLetterSource): Promise<void> {
    const { publisher, subjects, eventStream } = this.deps;
    const headers = toHeaders({ [HEADER.group]: source.group });
    const body = JSON.stringify({ originalEvent, error });
    // One dead letter per consumed message and group, even if this publish is retried.
    const msgID = `${eventStream}:${source.sequence}:${source.group}`;
    const what = `the dead letter of ${eventStream} message ${source.sequence} (${source.subject}, group ${source.group})`;
    await publisher.publish(subjects.deadLetter(source.subject), body, headers, msgID, what);
  }

  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const link = await this.link("listing dead letters");
    const { subjects, deadLetterStream } = this.deps;
    const filter = query.type === undefined ? subjects.deadLetterAll() : subjects.deadLetter(subjects.event(query.type));
    const found: DeadLetter[] = [];
    if (query.limit === 0) return found;
    await readStream(link, deadLetterStream, filter, (msg) => {
      const entry = this.parse({ seq: msg.seq, subject: msg.subject, headers: msg.headers, body: msg.string(), time: msg.time });
      if (entry !== undefined && (query.group === undefined || entry.group === query.group)) found.push(entry);
      return query.limit === undefined || found.length < query.limit;
    });
    return found;
  }

  /** The DLQ stream holds dead letters only (the transport creates it on their subjects): its message count. */
  async count(): Promise<number> {
    const link = await this.link("counting dead letters");
    return (await link.jsm.streams.info(this.deps.deadLetterStream)).state.messages;
  }

  async replay(ids?: readonly string[]): Promise<number> {
    const link = await this.link("replaying dead letters");
    const entries = ids === undefined ? await this.list() : await this.fetch(link, ids);
    let replayed = 0;
    for (const entry of entries) if (await this.replayOne(link, entry)) replayed++;
    return replayed;
  }

  async purge(ids?: readonly string[]): Promise<number> {
    const link = await this.link("purging dead letters");
    const { deadLetterStream, subjects } = this.deps;
    if (ids === undefined) {
      const response = await link.jsm.streams.purge(deadLetterStream, { filter: subjects.deadLetterAll() });
      return response.purged;
    }
    let purged = 0;
    for (const entry of await this.fetch(link, ids)) if (await this.remove(link, entry.id)) purged++;
    return purged;
  }

  private async replayOne(link: Link, entry: DeadLetter): Promise<boolean> {
    const { logger, eventStream, publisher, subjects } = this.deps;
    const original = entry.originalEvent;
    if (!("specversion" in original)) {
      logger.warn("dead letter not replayed: it is a message that never decoded into an event", { deadLetter: entry.id });
      return false;
    }
    try {
      await link.jsm.consumers.info(eventStream, entry.group);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound)) throw error;
      logger.warn("dead letter not replayed: its group no longer exists", { deadLetter: entry.id, group: entry.group });
      return false;
    }
    const event = original as CloudEvent;
    const { headers, body } = encodeEvent(event, { [HEADER.replayGroup]: entry.group });
    await publisher.publish(subjects.event(event.type), body, headers, `${event.id}:replay:${entry.id}`, `the replay of ${event.type} ${event.id}`);
    await this.remove(link, entry.id);
    return true;
  }

  private async fetch(link: Link, ids: readonly string[]): Promise<DeadLetter[]> {
    const entries: DeadLetter[] = [];
    for (const id of ids) {
      const seq = sequenceOf(id);
      if (seq === undefined) continue;
      const stored = await link.jsm.streams.getMessage(this.deps.deadLetterStream, { seq }).catch(notFoundAsNull);
      // The DLQ stream may be shared: another catalog's (or subject prefix's) entries are not ours to touch.
      if (stored === null || !covers(this.deps.subjects.deadLetterAll(), stored.subject)) continue;
      const entry = this.parse({ seq, subject: stored.subject, headers: stored.header, body: stored.string(), time: stored.time });
      if (entry !== undefined) entries.push(entry);
    }
    return entries;
  }

  private async remove(link: Link, id: string): Promise<boolean> {
    const seq = sequenceOf(id);
    if (seq === undefined) return false;
    return (await link.jsm.streams.deleteMessage(this.deps.deadLetterStream, seq, false).catch(notFoundAsNull)) === true;
  }

  private parse(stored: StoredDeadLetter): DeadLetter | undefined {
    try {
      const { originalEvent, error } = JSON.parse(stored.body) as { originalEvent: CloudEvent | RawMessage; error: DeadLetterError };
      if (typeof originalEvent !== "object" || originalEvent === null || typeof error !== "object" || error === null) {
        throw new Error("not { originalEvent, error }");
      }
      return {
        id: String(stored.seq),
        originalEvent,
        error,
        group: stored.headers?.get(HEADER.group) ?? "",
        deadLetteredAt: stored.time.toISOString(),
      };
    } catch (error) {
      this.deps.logger.warn("skipping a message of the DLQ stream that is not a dead letter", {
        stream: this.deps.deadLetterStream,
        sequence: stored.seq,
        subject: stored.subject,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  private link(what: string): Promise<Link> {
    return this.deps.connection.whenReady(Date.now() + this.deps.outageTimeoutMs, what);
  }
}

function sequenceOf(id: string): number | undefined {
  return /^[1-9]\d*$/.test(id) ? Number(id) : undefined;
}

function notFoundAsNull(error: unknown): null {
  if (error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.NoMessageFound || error.status === 404)) return null;
  throw error;
}
