/**
 * A consumer group of the memory transport: one ordered queue per priority, shared by the
 * group's members (competing consumers). Every group gets its own copy of each event it
 * subscribes to; members take turns, each up to its own concurrency.
 */
import { PRIORITIES, type Priority } from "../../bus/catalog.js";
import type { CloudEvent } from "../../bus/envelope.js";
import type { Delivery, InProcessConsumer, Settlement, SettlementSink, SubscriptionSpec } from "../../bus/transport.js";
import { InFlight } from "../shared/in-flight.js";
import { RingQueue } from "./ring-queue.js";

const PRIORITY_INDEX: Record<Priority, number> = { critical: 0, high: 1, normal: 2, low: 3 };

/** One event queued for one group; it is the Delivery handed to the member, reused across retries. */
export class QueuedDelivery implements Delivery {
  attempt = 0;
  constructor(
    readonly event: CloudEvent,
    readonly priority: Priority,
  ) {}

  /** In process there is no ack deadline to extend. */
  working(): void {}
}

/** One subscription of a group; the sink its deliveries are settled through. */
export class Member implements SettlementSink {
  readonly inFlight = new InFlight();
  active = true;

  constructor(
    readonly spec: SubscriptionSpec,
    readonly group: Group,
    readonly consumer: InProcessConsumer,
    private readonly onSettled: (member: Member, delivery: QueuedDelivery, settlement: Settlement) => void,
  ) {}

  /** The consumer hands back the QueuedDelivery this member gave it. */
  settled(delivery: Delivery, settlement: Settlement): void {
    this.onSettled(this, delivery as QueuedDelivery, settlement);
  }

  get hasRoom(): boolean {
    return this.active && this.inFlight.count < this.spec.concurrency;
  }

  /** Resolves once this member has no delivery in flight. */
  whenDrained(): Promise<void> {
    return this.inFlight.idle();
  }
}

export class Group {
  readonly members: Member[] = [];
  size = 0;
  private readonly queues = PRIORITIES.map(() => new RingQueue<QueuedDelivery>());
  private turn = 0;
  /** Publishers waiting for this group's queue to shrink (backpressure). */
  waiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    public spec: SubscriptionSpec,
  ) {}

  get durable(): boolean {
    return this.spec.durable;
  }

  accepts(event: CloudEvent): boolean {
    return this.spec.tenantId === undefined || event.tenantid === this.spec.tenantId;
  }

  enqueue(delivery: QueuedDelivery): void {
    this.queues[PRIORITY_INDEX[delivery.priority]]!.push(delivery);
    this.size++;
  }

  /** The next delivery, highest priority first, FIFO within a priority. */
  dequeue(): QueuedDelivery | undefined {
    if (this.size === 0) return undefined;
    for (const queue of this.queues) {
      if (queue.length > 0) {
        this.size--;
        return queue.shift();
      }
    }
    return undefined;
  }

  hasRoom(): boolean {
    for (const member of this.members) if (member.hasRoom) return true;
    return false;
  }

  /** The next member with room, taking turns. */
  nextMember(): Member | undefined {
    const members = this.members;
    for (let i = 0; i < members.length; i++) {
      const member = members[(this.turn + i) % members.length]!;
      if (member.hasRoom) {
        this.turn = (this.turn + i + 1) % members.length;
        return member;
      }
    }
    return undefined;
  }

  /** Removes every queued delivery (oldest first within each priority). */
  clear(): QueuedDelivery[] {
    this.size = 0;
    return this.queues.flatMap((queue) => queue.drain());
  }

  releaseWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
