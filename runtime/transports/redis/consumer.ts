/**
 * One subscription's consumer: a member of the subscription group's Redis consumer group with
 * its own connection for the blocking read loop.
 *
 * - Streams: the events' streams plus the group's retry streams. One XREADGROUP reads them all;
 *   read-order.ts keeps delivery in (priority, publish) order across them, and fetched entries
 *   queue by priority.
 * - At start and after every reconnect the loop first re-reads its own pending entries
 *   (XREADGROUP from id 0); entries it already holds (queued, in flight, settling) are skipped,
 *   so a reconnect never hands the same entry to a handler twice.
 * - A reaper claims entries idle longer than the ack timeout (dead consumers) and moves due
 *   retries from the delay set to the retry streams.
 * - Concurrency bounds the entries in the subscription's hands (queued or in a handler); a
 *   settled entry stays held until Redis has recorded its settlement, but frees its slot, so
 *   reads overlap acks (at most 2 x concurrency acks unconfirmed).
 */
import type { RedisClient } from "./context.js";
import { PRIORITIES } from "../../bus/catalog.js";
import { undecodableEvent } from "../../bus/envelope.js";
import type { DeliveryHandler, Settlement, SubscriptionSpec } from "../../bus/transport.js";
import type { RedisContext } from "./context.js";
import { ATTEMPT_FIELD, decodeFields, fieldValue, type ReadReply } from "./entry.js";
import { createGroups, destroyGroup, groupLag } from "./groups.js";
import { HeldDelivery, HeldIds, type HeldEntry } from "./held.js";
import { redisGroupName } from "./keys.js";
import { claimIdle, readOwnPending, type GroupMember } from "./pending-reads.js";
import { releaseInOrder } from "./read-order.js";
import { sleep } from "./retrying.js";
import { RetryMover } from "./retry-mover.js";
import { DROP_CONSUMER, runScript } from "./scripts.js";
import { settle } from "./settle.js";
import { slotNode } from "./connections.js";
import { streamLayout, type StreamInfo } from "./stream-layout.js";

const ACK: Settlement = Object.freeze({ kind: "ack" });
const NO_FIELDS: string[] = [];
const rankOf = (entry: HeldEntry) => PRIORITIES.indexOf(entry.priority);

export class RedisConsumer {
  readonly group: string;
  readonly redisGroup: string;
  readonly eventStreams: string[];
  /** Every stream read, highest priority first. */
  readonly streams: string[];
  private readonly member: GroupMember;
  private readonly info: Map<string, StreamInfo>;
  private readonly held: HeldIds;
  private readonly queues: HeldEntry[][] = PRIORITIES.map(() => []);
  /** Fetched but held back until a read shows nothing older precedes them (read-order.ts). */
  private parked: HeldEntry[] = [];
  private readonly claimCursors = new Map<string, string>();
  /** Entries in a handler. */
  private inFlight = 0;
  /** Entries whose settlement is on its way to Redis. */
  private settling = 0;
  private stopping = false;
  private needsRecovery = true;
  private connectedBefore = false;
  private reaping = false;
  private wakeScheduled = false;
  private pumping = false;
  private clientId: string | undefined;
  private reader: RedisClient | undefined;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private idle: (() => void)[] = [];
  private claimTimer: NodeJS.Timeout | undefined;
  private readonly retries: RetryMover;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly context: RedisContext,
    private readonly spec: SubscriptionSpec,
    private readonly handler: DeliveryHandler,
    readonly consumer: string,
  ) {
    const { keys, catalog } = context;
    this.group = spec.group;
    this.redisGroup = redisGroupName(spec.group, spec.tenantId);
    this.member = { group: this.redisGroup, consumer };
    this.eventStreams = spec.events.map((event) => keys.stream(event));
    const layout = streamLayout(catalog, keys, spec.events, this.redisGroup);
    this.streams = layout.streams;
    this.info = layout.info;
    this.held = new HeldIds(this.streams);
    this.retries = new RetryMover(context, this.redisGroup);
  }

  async start(): Promise<void> {
    await this.ensureGroups();
    const reader = this.context.connect(`eventsmith:${this.consumer}`);
    reader.on("ready", () => {
      if (this.connectedBefore) this.context.metrics.reconnects++;
      this.connectedBefore = true;
      this.needsRecovery = true;
    });
    // A cluster client stays ready through a failover; its new node is a new connection to recover on.
    reader.on("+node", () => (this.needsRecovery = true));
    this.reader = reader;
    this.loop = this.run(reader);
    const interval = this.context.options.claimIntervalMs ?? Math.min(5000, Math.max(100, this.spec.ackTimeoutMs / 2));
    this.claimTimer = setInterval(() => void this.reap(), interval);
    void this.reap();
  }

  /** Stops reading, delivers what was already fetched, waits for every settlement. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  /** Deliveries waiting for this group: new entries per stream plus pending ones. */
  lag(): Promise<number> {
    return groupLag(this.context, this.redisGroup, this.streams);
  }

  /** Creates the consumer group where missing (after a server lost its data, too). */
  ensureGroups(): Promise<void> {
    return createGroups(this.context, this.spec, this.redisGroup, this.streams, this.eventStreams);
  }

  private async run(reader: RedisClient): Promise<void> {
    for (let failures = 0; !this.stopping; ) {
      try {
        if (this.needsRecovery) {
          this.needsRecovery = false;
          // The id of the connection that blocks: on a cluster, the one to the namespace's node.
          this.clientId = String(await (await slotNode(reader, this.streams[0]!)).client("ID"));
          await this.recover(reader);
        } else if (this.free() <= 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
        } else {
          await this.readNew(reader);
        }
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        this.needsRecovery = true;
        failures++;
        if (error instanceof Error && error.message.startsWith("NOGROUP")) {
          this.context.logger.warn(`redis: consumer group ${this.redisGroup} is gone (server data lost?); recreating it`, { error: error.message });
          await this.ensureGroups().catch(() => undefined);
        } else if (failures === 1) {
          this.context.logger.warn(`redis: read loop of ${this.consumer} failed, retrying`, { error: String(error) });
        }
        await sleep(Math.min(50 * 2 ** failures, 2000));
      }
    }
  }

  /**
   * One XREADGROUP over every stream (blocking only while nothing is parked), then
   * releaseInOrder decides what may be delivered now; see read-order.ts.
   */
  private async readNew(reader: RedisClient): Promise<void> {
    const count = Math.min(this.free(), this.context.options.readBatch);
    const block = this.parked.length === 0 ? ["BLOCK", this.context.options.blockMs] : [];
    const reply = (await reader.call(
      "XREADGROUP", "GROUP", this.redisGroup, this.consumer, "COUNT", count, ...block,
      "STREAMS", ...this.streams, ...this.streams.map(() => ">"),
    )) as ReadReply;
    const fetched: HeldEntry[] = [];
    const full = new Set<string>();
    for (const [stream, entries] of reply ?? []) {
      if (entries.length >= count) full.add(stream);
      for (const [id, fields] of entries) {
        const entry = this.take(stream, id, fields, 1);
        if (entry !== undefined) fetched.push(entry);
      }
    }
    const { ready, parked } = releaseInOrder(fetched, this.parked, full, rankOf);
    this.parked = parked;
    for (const entry of ready) this.queues[rankOf(entry)]!.push(entry);
    this.pump();
  }

  /** Re-reads this consumer's own pending entries (after a start or a reconnect). */
  private async recover(reader: RedisClient): Promise<void> {
    const count = this.context.options.readBatch;
    for (const stream of this.streams) {
      for (let after = "0"; ; ) {
        const entries = await readOwnPending(reader, stream, this.member, count, after);
        for (const entry of entries) this.enqueue(this.take(stream, entry.id, entry.fields, entry.deliveries));
        if (entries.length < count) break;
        after = entries[entries.length - 1]!.id;
      }
    }
    this.pump();
  }

  /** Claims entries of dead consumers and moves due retries; runs on a timer. */
  private async reap(): Promise<void> {
    if (this.reaping || this.stopping) return;
    this.reaping = true;
    try {
      await this.retries.moveDue();
      for (const stream of this.streams) {
        const free = Math.min(this.free(), this.context.options.readBatch);
        if (free <= 0 || this.stopping) break;
        const cursor = this.claimCursors.get(stream) ?? "0-0";
        const claimed = await claimIdle(this.context.redis, stream, this.member, this.spec.ackTimeoutMs, cursor, free);
        this.claimCursors.set(stream, claimed.next);
        if (claimed.lost.length > 0) this.reportLost(stream, claimed.lost);
        for (const entry of claimed.entries) this.enqueue(this.take(stream, entry.id, entry.fields, entry.deliveries));
      }
      this.pump();
    } catch (error) {
      this.context.logger.debug(`redis: reaper of ${this.consumer} failed; next round retries`, { error: String(error) });
    } finally {
      this.reaping = false;
    }
  }

  /** Holds an entry unless this consumer already does; a trimmed one is counted as lost instead. */
  private take(stream: string, id: string, fields: string[] | null, deliveries: number): HeldEntry | undefined {
    if (this.held.has(stream, id)) return undefined;
    if (fields === null) {
      this.reportLost(stream, [id]);
      this.context.redis.xack(stream, this.redisGroup, id).catch(() => undefined); // re-read and counted again if this fails
      return undefined;
    }
    const info = this.info.get(stream)!;
    const before = info.retry ? Number(fieldValue(fields, ATTEMPT_FIELD) ?? 0) : 0;
    const type = info.type ?? fieldValue(fields, "ce-type") ?? "";
    const entry: HeldEntry = { stream, id, fields, priority: info.priority, retry: info.retry, attempt: before + deliveries, type, lastWorking: 0 };
    this.held.add(stream, id);
    if (deliveries > 1) this.context.metrics.redelivered++;
    return entry;
  }

  private enqueue(entry: HeldEntry | undefined): void {
    if (entry !== undefined) this.queues[rankOf(entry)]!.push(entry);
  }

  /** Hands queued entries to handlers while slots are free; not re-entered by a handler settling at once. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inFlight < this.spec.concurrency) {
        const entry = this.nextQueued();
        if (entry === undefined) return;
        this.inFlight++;
        this.deliver(entry);
      }
    } finally {
      this.pumping = false;
    }
  }

  private nextQueued(): HeldEntry | undefined {
    for (const queue of this.queues) if (queue.length > 0) return queue.shift();
    return undefined;
  }

  /**
   * Hands one entry to the bus (or settles it without: another tenant's, past maxDeliver). An
   * undecodable entry goes to the bus flagged, which dead-letters and counts it; the dead letter
   * keeps the fields as they arrived. Callbacks rather than promises: this runs for every entry.
   */
  private deliver(entry: HeldEntry): void {
    const decoded = decodeFields(entry.fields);
    if (!decoded.ok) {
      const { message, code } = decoded.error;
      return this.hand(entry, new HeldDelivery(undecodableEvent(decoded.raw), entry, this, { message, code }));
    }
    const { event } = decoded;
    if (this.spec.tenantId !== undefined && event.tenantid !== this.spec.tenantId) {
      this.context.metrics.filtered++;
      this.finish(entry, ACK);
      return;
    }
    if (entry.attempt > this.spec.maxDeliver) {
      // Only reachable through redeliveries nobody settled: consumers that crashed (or ran past the ack timeout) on it each time.
      const message = `delivered ${entry.attempt} times without being settled (consumers crashed or exceeded the ack timeout of ${this.spec.ackTimeoutMs} ms)`;
      const lastAttempt = new Date().toISOString();
      this.finish(entry, { kind: "dead-letter", error: { message, code: "MAX_DELIVER_EXCEEDED", attempts: entry.attempt, lastAttempt } });
      return;
    }
    this.context.metrics.delivered++;
    this.hand(entry, new HeldDelivery(event, entry, this));
  }

  private hand(entry: HeldEntry, delivery: HeldDelivery): void {
    try {
      // The bus reports the settlement through the callback, exactly once; its promise is a placeholder.
      void this.handler(delivery, (settlement) => this.finish(entry, settlement));
    } catch (error) {
      this.inFlight--;
      this.unhold(entry, error);
    }
  }

  /**
   * The handler's slot is free as soon as the bus has decided; the entry stays held (recovery
   * skips it) until Redis has recorded the settlement, so the next read overlaps the ack.
   */
  private finish(entry: HeldEntry, settlement: Settlement): void {
    if (settlement.kind === "retry") this.retries.schedule(settlement.delayMs);
    // A plain ack needs only the id: let the fields go now rather than after the round trip.
    if (settlement.kind === "ack" && !entry.retry) entry.fields = NO_FIELDS;
    this.inFlight--;
    this.settling++;
    this.pump();
    this.wakeSoon();
    settle(this.context, this, entry, settlement, this);
  }

  /** Redis has recorded an entry's settlement, or could not (AckOwner). */
  settled(entry: HeldEntry, error?: unknown): void {
    this.settling--;
    this.unhold(entry, error);
  }

  private unhold(entry: HeldEntry, error?: unknown): void {
    if (error !== undefined) {
      this.context.logger.error(
        `redis: ${entry.type} entry ${entry.id} of group ${this.group} was not settled; it stays pending and is redelivered after the ack timeout`,
        { error: String(error) },
      );
    }
    this.held.delete(entry.stream, entry.id);
    this.pump();
    this.wakeSoon();
    if (this.held.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  /**
   * Wakes the read loop once the current turn is over: one turn usually frees a whole batch of
   * slots, and reading after the first of them would fetch one entry at a time.
   */
  private wakeSoon(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
  }

  /** Resets the entry's idle time so the reaper of another member does not claim it. */
  keepAlive(entry: HeldEntry): void {
    const now = Date.now();
    if (now - entry.lastWorking < this.spec.ackTimeoutMs / 4) return;
    entry.lastWorking = now;
    this.context.redis
      .call("XCLAIM", entry.stream, this.redisGroup, this.consumer, 0, entry.id, "JUSTID")
      .catch((error: unknown) => this.context.logger.debug("redis: extending an ack deadline failed", { error: String(error) }));
  }

  private reportLost(stream: string, ids: readonly string[]): void {
    this.context.metrics.lost += ids.length;
    this.context.logger.error(
      `redis: ${ids.length} pending entr${ids.length === 1 ? "y was" : "ies were"} trimmed from ${stream} before group ${this.redisGroup} acknowledged them; they are lost`,
      { stream, group: this.redisGroup, ids },
    );
  }

  /**
   * Slots for new reads: queued and in-handler entries take one; parked entries wait for a read
   * and settled ones only for their ack, so they do not, up to two batches of unconfirmed acks
   * (the next read overlaps the previous batch's XACK round trip).
   */
  private free(): number {
    const active = this.held.size - this.parked.length - this.settling;
    return this.spec.concurrency - active - Math.max(0, this.settling - 2 * this.spec.concurrency);
  }

  /** Drops the read connection and stops the timers, settling nothing (see RedisTransport.abort). */
  abort(): void {
    this.halt();
    this.reader?.disconnect();
  }

  private halt(): void {
    this.stopping = true;
    clearInterval(this.claimTimer);
    this.retries.stop();
    this.wake?.();
  }

  private async shutdown(): Promise<void> {
    this.halt();
    const reader = this.reader;
    if (reader !== undefined) {
      await this.interruptRead(reader);
      await reader.quit().catch(() => reader.disconnect());
    }
    // Whatever was fetched is delivered: it is pending to this consumer.
    for (const entry of this.parked.splice(0)) this.enqueue(entry);
    this.pump();
    if (this.held.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.leaveGroup();
  }

  /** Ends the read loop: CLIENT UNBLOCK the blocking read (retried: it may not have blocked yet). */
  private async interruptRead(reader: RedisClient): Promise<void> {
    const exited = this.loop.then(() => true);
    const deadline = Date.now() + this.context.options.blockMs + 1000;
    while (Date.now() < deadline) {
      if (this.clientId !== undefined) {
        const id = this.clientId;
        await slotNode(this.context.redis, this.streams[0]!).then((node) => node.client("UNBLOCK", id)).catch(() => 0);
      }
      if (await Promise.race([exited, sleep(50).then(() => false)])) return;
    }
    reader.disconnect();
    await this.loop;
  }

  /** A fan-out group ends with its subscription; a durable one keeps its position and drops only this consumer. */
  private async leaveGroup(): Promise<void> {
    try {
      if (this.spec.durable) await runScript(this.context.redis, DROP_CONSUMER, this.streams, [this.redisGroup, this.consumer]);
      else await destroyGroup(this.context, this.redisGroup, this.eventStreams);
    } catch (error) {
      this.context.logger.warn(`redis: could not release ${this.consumer} from group ${this.redisGroup}`, { error: String(error) });
    }
  }
}
