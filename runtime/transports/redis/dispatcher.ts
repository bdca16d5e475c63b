/**
 * The entries in one consumer's hands, from the moment a read, a recovery or a claim hands them
 * over until Redis has recorded their settlement: queued by priority (or parked until read-order
 * allows them), in a handler, or settling.
 *
 * Concurrency bounds the entries queued or in a handler; a settled entry stays held (a recovery
 * skips it) until Redis has recorded its settlement, but frees its slot, so reads overlap acks
 * (at most 2 x concurrency acks unconfirmed).
 */
import { PRIORITIES } from "../../bus/catalog.js";
import { undecodableEvent } from "../../bus/envelope.js";
import type { DeliveryHandler, Settlement, SubscriptionSpec } from "../../bus/transport.js";
import type { RedisContext } from "./context.js";
import type { HandlerSlots, SlotMember } from "./handler-slots.js";
import { ATTEMPT_FIELD, decodeFields, fieldValue } from "./entry.js";
import { HeldDelivery, HeldIds, type HeldEntry } from "./held.js";
import { releaseInOrder } from "./read-order.js";
import type { RetryMover } from "./retry-mover.js";
import { settle } from "./settle.js";
import type { StreamInfo } from "./stream-layout.js";

const ACK: Settlement = Object.freeze({ kind: "ack" });
const NO_FIELDS: string[] = [];
const rankOf = (entry: HeldEntry) => PRIORITIES.indexOf(entry.priority);

/** Who the dispatcher settles and reports for. */
export interface DispatcherOwner {
  readonly group: string;
  readonly redisGroup: string;
  readonly consumer: string;
  /** Slots were freed: the read loop may fetch more. */
  wakeSoon(): void;
}

export class Dispatcher implements SlotMember {
  private readonly held: HeldIds;
  private readonly queues: HeldEntry[][] = PRIORITIES.map(() => []);
  /** Fetched but held back until a read shows nothing older precedes them (read-order.ts). */
  private parked: HeldEntry[] = [];
  /** Entries whose settlement is on its way to Redis. */
  private settling = 0;
  private pumping = false;
  private idle: (() => void)[] = [];
  readonly group: string;
  readonly redisGroup: string;

  constructor(
    private readonly context: RedisContext,
    private readonly spec: SubscriptionSpec,
    private readonly handler: DeliveryHandler,
    private readonly info: Map<string, StreamInfo>,
    private readonly retries: RetryMover,
    private readonly owner: DispatcherOwner,
    /** The subscription's handler slots, shared with its other partitions' dispatchers. */
    private readonly slots: HandlerSlots,
  ) {
    slots.join(this);
    this.held = new HeldIds([...info.keys()]);
    this.group = owner.group;
    this.redisGroup = owner.redisGroup;
  }

  /** True while nothing is parked: a read may block waiting for new entries. */
  get nothingParked(): boolean {
    return this.parked.length === 0;
  }

  /**
   * Slots for new reads: queued and in-handler entries take one; parked entries wait for a read
   * and settled ones only for their ack, so they do not, up to two batches of unconfirmed acks
   * (the next read overlaps the previous batch's XACK round trip).
   */
  free(): number {
    const active = this.held.size - this.parked.length - this.settling;
    const own = this.spec.concurrency - active - Math.max(0, this.settling - 2 * this.spec.concurrency);
    return Math.min(own, this.slots.free);
  }

  /** Entries of one read: releaseInOrder decides which may be delivered now (read-order.ts). */
  fetched(entries: HeldEntry[], full: ReadonlySet<string>): void {
    const { ready, parked } = releaseInOrder(entries, this.parked, full, rankOf);
    this.parked = parked;
    for (const entry of ready) this.queues[rankOf(entry)]!.push(entry);
    this.pump();
  }

  /** Whatever was fetched is delivered when reading stops: it is pending to this consumer. */
  releaseParked(): void {
    for (const entry of this.parked.splice(0)) this.enqueue(entry);
    this.pump();
  }

  /** Resolves once nothing is held (every settlement recorded). */
  async drained(): Promise<void> {
    if (this.held.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Holds an entry unless this consumer already does; a trimmed one is counted as lost instead. */
  take(stream: string, id: string, fields: string[] | null, deliveries: number): HeldEntry | undefined {
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

  enqueue(entry: HeldEntry | undefined): void {
    if (entry !== undefined) this.queues[rankOf(entry)]!.push(entry);
  }

  /** Hands queued entries to handlers while slots are free; not re-entered by a handler settling at once. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.hasQueued() && this.slots.take()) this.deliver(this.nextQueued()!);
    } finally {
      this.pumping = false;
    }
  }

  /** A slot was freed by another partition's dispatcher. */
  wake(): void {
    this.pump();
    this.owner.wakeSoon();
  }

  private hasQueued(): boolean {
    return this.queues.some((queue) => queue.length > 0);
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
      void this.handler(delivery).then((settlement) => this.finish(entry, settlement));
    } catch (error) {
      this.slots.release(this);
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
    this.settling++;
    this.slots.release(this);
    this.pump();
    this.owner.wakeSoon();
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
    this.owner.wakeSoon();
    if (this.held.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  /** Resets the entry's idle time so the reaper of another member does not claim it. */
  keepAlive(entry: HeldEntry): void {
    const now = Date.now();
    if (now - entry.lastWorking < this.spec.ackTimeoutMs / 4) return;
    entry.lastWorking = now;
    this.context.redis
      .call("XCLAIM", entry.stream, this.redisGroup, this.owner.consumer, 0, entry.id, "JUSTID")
      .catch((error: unknown) => this.context.logger.debug("redis: extending an ack deadline failed", { error: String(error) }));
  }

  reportLost(stream: string, ids: readonly string[]): void {
    this.context.metrics.lost += ids.length;
    this.context.logger.error(
      `redis: ${ids.length} pending entr${ids.length === 1 ? "y was" : "ies were"} trimmed from ${stream} before group ${this.redisGroup} acknowledged them; they are lost`,
      { stream, group: this.redisGroup, ids },
    );
  }
}
