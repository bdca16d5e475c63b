/**
 * The in-process transport, the default. At-least-once within the process: every group
 * gets its own queue entry per event; an entry leaves only when the bus acks or
 * dead-letters it, and a retry puts it back (after its delay, from one timer-served
 * delay queue). Queues are drained in batches (everything published in one synchronous
 * run goes out together) and refilled as handlers finish, up to `batchSize` deliveries
 * per turn of the event loop before yielding to I/O.
 * Envelopes travel as the same objects: nothing is encoded in process.
 * publisher.ts routes published events into the groups' queues (dedup, backpressure);
 * consumer.ts holds the groups and their members; this file runs the deliveries.
 */
import { alreadyStarted, notStarted } from "../shared/lifecycle-errors.js";
import type { CloudEvent } from "../../bus/envelope.js";
import { BusClosedError, EventsmithError } from "../../bus/errors.js";
import { checkOptions } from "../../bus/option-checks.js";
import type {
  Delivery,
  DeliveryHandler,
  HealthReporting,
  InProcessConsumer,
  InProcessTransport,
  Logger,
  PublishOrigin,
  RequestReply,
  Settlement,
  SubscriptionSpec,
  TransportCapabilities,
  TransportContext,
  TransportHealth,
  TransportSubscription,
} from "../../bus/transport.js";
import { DedupWindow } from "./dedup-window.js";
import { DelayQueue } from "./delay-queue.js";
import { MemoryDeadLetters } from "./dead-letters.js";
import { Group, Member, QueuedDelivery } from "./consumer.js";
import { MEMORY_OPTIONS, type MemoryTransportOptions } from "./options.js";
import { MemoryPublisher } from "./publisher.js";
import { MemoryRequests } from "./request-reply.js";

const RESOLVED: Promise<void> = Promise.resolve();
/** Where events given to the plain `publish` come from: nothing is known about them. */
const UNKNOWN_ORIGIN: PublishOrigin = { fromHandler: () => false, idSequence: () => -1 };

export class MemoryTransport implements InProcessTransport, HealthReporting, RequestReply {
  readonly name: string = "memory";
  readonly capabilities: TransportCapabilities = {
    persistent: false,
    crashRecovery: false,
    dedup: true,
    priorities: true,
    requestReply: true,
  };
  readonly deadLetters: MemoryDeadLetters;
  private logger: Logger | undefined;
  private readonly groups = new Map<string, Group>();
  private readonly publisher: MemoryPublisher;
  private readonly ready = new Set<Group>();
  private readonly delayed: DelayQueue<{ delivery: QueuedDelivery; group: Group }>;
  private readonly requests = new MemoryRequests();
  private readonly maxQueued: number;
  private readonly batchSize: number;
  private budget: number;
  private drainScheduled = false;
  private turnScheduled = false;
  /** True while a handler is being called (see settle). */
  private dispatching = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private state: "new" | "started" | "closing" | "closed" = "new";
  private closing: Promise<void> | undefined;

  constructor(options: MemoryTransportOptions = {}) {
    checkOptions(options, MEMORY_OPTIONS, "options");
    this.maxQueued = options.maxQueued ?? 1024;
    this.batchSize = options.batchSize ?? 1024;
    this.budget = this.batchSize;
    this.publisher = new MemoryPublisher(options.dedup === false ? undefined : new DedupWindow(options.dedup), this.maxQueued, (delivery, group) =>
      this.enqueue(delivery, group),
    );
    this.delayed = new DelayQueue(({ delivery, group }) => this.requeue(delivery, group));
    this.deadLetters = new MemoryDeadLetters(
      (event, name) => {
        const group = this.groups.get(name);
        if (group === undefined || this.state === "closed") return false;
        this.requeue(new QueuedDelivery(event, this.publisher.priorityOf(event.type)), group);
        return true;
      },
      (message, fields) => this.logger?.warn(message, fields),
    );
  }

  async start(context: TransportContext): Promise<void> {
    if (this.state !== "new") throw alreadyStarted("memory");
    this.logger = context.logger;
    this.publisher.setPriorities(Object.entries(context.catalog.events).map(([name, definition]) => [name, definition.priority]));
    this.state = "started";
  }

  publish(events: readonly CloudEvent[]): Promise<void> {
    return this.offer(events, UNKNOWN_ORIGIN) ?? RESOLVED;
  }

  offer(events: readonly CloudEvent[], origin: PublishOrigin): Promise<void> | undefined {
    if (this.state !== "started" && this.state !== "closing") return Promise.reject(this.notOpen());
    return this.publisher.offer(events, origin);
  }

  subscribe(spec: SubscriptionSpec, handler: DeliveryHandler): Promise<TransportSubscription> {
    return this.subscribeInProcess(spec, {
      deliver: (delivery, sink) =>
        void handler(delivery).then(
          (settlement) => sink.settled(delivery, settlement),
          (error: unknown) => sink.settled(delivery, this.failure(delivery, spec, error)),
        ),
    });
  }

  async subscribeInProcess(spec: SubscriptionSpec, consumer: InProcessConsumer): Promise<TransportSubscription> {
    if (this.state !== "started") throw this.notOpen();
    let group = this.groups.get(spec.group);
    if (group === undefined) {
      group = new Group(spec.group, spec);
      this.groups.set(spec.group, group);
    } else if (group.members.length > 0 && !sameConsumer(group.spec, spec)) {
      throw new EventsmithError(
        `group "${spec.group}" already consumes [${group.spec.events.join(", ")}]` +
          `${group.spec.tenantId === undefined ? "" : ` of tenant ${group.spec.tenantId}`}; every member must subscribe to the same events`,
        "GROUP_MISMATCH",
      );
    } else {
      group.spec = spec;
    }
    const member = new Member(spec, group, consumer, this.settle);
    group.members.push(member);
    this.publisher.route(this.groups.values());
    if (group.size > 0) this.markReady(group);
    let done: Promise<void> | undefined;
    return { unsubscribe: () => (done ??= this.leave(group, member)) };
  }

  health(): Promise<TransportHealth> {
    const lag: Record<string, number> = {};
    for (const group of this.groups.values()) lag[group.name] = group.size;
    const open = this.state === "started";
    return Promise.resolve({
      ok: open,
      status: open ? "connected" : this.state,
      lag,
      details: { inFlight: this.inFlight, delayed: this.delayed.size, deadLetters: this.deadLetters.size },
    });
  }

  request(event: CloudEvent, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CloudEvent> {
    if (this.state !== "started") return Promise.reject(this.notOpen());
    return this.requests.request(event, options);
  }

  async serve(spec: SubscriptionSpec, handler: (event: CloudEvent) => Promise<CloudEvent>): Promise<TransportSubscription> {
    if (this.state !== "started") throw this.notOpen();
    return this.requests.serve(spec, handler);
  }

  /** Stops intake, delivers what is queued, waits for handlers, then releases everything. */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  /**
   * Resolves once nothing is queued for a member, in flight, or (with `retries`) waiting
   * for a retry delay. Used by close and by the testing helpers.
   */
  protected whenIdle(retries: boolean): Promise<void> {
    if (this.isIdle(retries)) return RESOLVED;
    return new Promise((resolve) => {
      const check = () => (this.isIdle(retries) ? resolve() : this.idleWaiters.push(check));
      this.idleWaiters.push(check);
    });
  }

  private async shutdown(): Promise<void> {
    if (this.state === "new") {
      this.state = "closed";
      return;
    }
    this.state = "closing";
    this.scheduleDrain();
    await Promise.all([this.whenIdle(false), this.requests.close()]);
    this.state = "closed";
    // In process there is no later: a retry still waiting is dead-lettered, so it stays visible
    // (bus.deadLetters after close, logs) instead of vanishing with the process.
    const waiting = this.delayed.clear();
    for (const { delivery, group } of waiting) {
      this.deadLetters.add(delivery.event, {
        message: `the transport closed while retry ${delivery.attempt + 1} was waiting for its delay`,
        code: "CLOSED_BEFORE_RETRY",
        attempts: delivery.attempt,
        lastAttempt: new Date().toISOString(),
      }, group.name);
    }
    if (waiting.length > 0) {
      this.logger?.warn("memory transport closed with retries still waiting; they are dead-lettered (CLOSED_BEFORE_RETRY)", {
        events: waiting.map(({ delivery }) => delivery.event.id),
      });
    }
    for (const group of this.groups.values()) {
      const left = group.clear();
      if (left.length > 0) {
        this.logger?.warn(`memory transport closed with events queued for group ${group.name}, which has no members`, {
          events: left.map((delivery) => delivery.event.id),
        });
      }
      for (const member of group.members) member.active = false;
      group.releaseWaiters();
    }
    this.groups.clear();
    this.publisher.route([]);
  }

  private async leave(group: Group, member: Member): Promise<void> {
    member.active = false;
    group.members.splice(group.members.indexOf(member), 1);
    if (group.members.length === 0) {
      if (!group.durable) {
        group.clear();
        this.groups.delete(group.name);
      }
      group.releaseWaiters();
      this.publisher.route(this.groups.values());
    } else if (group.size > 0) {
      this.markReady(group);
    }
    await member.whenDrained();
    this.notifyIdle();
  }

  private enqueue(delivery: QueuedDelivery, group: Group): void {
    group.enqueue(delivery);
    if (group.members.length > 0) {
      this.ready.add(group);
      // When every member is busy, the next settlement pumps the queue: no drain needed.
      if (group.hasRoom()) this.scheduleDrain();
    } else if (group.size > this.maxQueued) {
      // A durable group without members keeps its events, up to maxQueued; the oldest overflow to the DLQ.
      const oldest = group.dequeue()!;
      this.deadLetters.add(
        oldest.event,
        {
          message: `group ${group.name} has no members and more than ${this.maxQueued} queued events`,
          code: "OVERFLOW",
          attempts: oldest.attempt,
          lastAttempt: new Date().toISOString(),
        },
        group.name,
      );
    }
  }

  private requeue(delivery: QueuedDelivery, group: Group): void {
    if (this.groups.get(group.name) !== group || this.state === "closed") return;
    this.enqueue(delivery, group);
  }

  private markReady(group: Group): void {
    this.ready.add(group);
    this.scheduleDrain();
  }

  /**
   * Drains right after the current synchronous work (a microtask), so whatever was
   * published in it goes out as one batch while the objects are still young. A reaction
   * on a settled promise is cheaper than queueMicrotask once async hooks are on (the bus's
   * AsyncLocalStorage turns them on).
   */
  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    void RESOLVED.then(this.drain);
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    for (const group of this.ready) this.pump(group);
    this.notifyIdle();
  };

  /** A new turn of the event loop: the budget of deliveries to start before yielding to I/O is renewed. */
  private readonly newTurn = (): void => {
    this.turnScheduled = false;
    this.budget = this.batchSize;
    this.drain();
  };

  private pump(group: Group): void {
    // Stops when the budget is spent (the group stays ready for the next turn, which the
    // turn's first dispatch scheduled) or no member has room (a settlement pumps again).
    while (group.size > 0 && this.budget > 0) {
      const member = group.nextMember();
      if (member === undefined) break;
      this.dispatch(member, group.dequeue()!);
    }
    if (group.size === 0) this.ready.delete(group);
    // Waiting publishers go on once the queue is down to half its limit.
    if (group.waiters.length > 0 && group.size <= this.maxQueued / 2) group.releaseWaiters();
  }

  private dispatch(member: Member, delivery: QueuedDelivery): void {
    // The first delivery of a turn schedules the next turn, which renews the budget.
    if (this.budget-- === this.batchSize && !this.turnScheduled) {
      this.turnScheduled = true;
      setImmediate(this.newTurn);
    }
    this.inFlight++;
    member.inFlight.begin();
    delivery.attempt++;
    const outer = this.dispatching;
    this.dispatching = true;
    try {
      member.consumer.deliver(delivery, member);
    } catch (error) {
      this.settle(member, delivery, this.failure(delivery, member.spec, error));
    } finally {
      this.dispatching = outer;
    }
  }

  private readonly settle = (member: Member, delivery: QueuedDelivery, outcome: Settlement): void => {
    const group = member.group;
    this.inFlight--;
    member.inFlight.end();
    if (outcome.kind === "retry") {
      if (outcome.delayMs > 0) this.delayed.add({ delivery, group }, outcome.delayMs);
      else this.requeue(delivery, group);
    } else if (outcome.kind === "dead-letter") {
      this.deadLetters.add(delivery.event, outcome.error, group.name);
    }
    // A synchronous handler settles inside dispatch: the pump loop that called it goes on,
    // rather than this settlement pumping recursively (one stack frame chain per event).
    if (!this.dispatching) this.pump(group);
    else if (group.size > 0) this.markReady(group);
    if (this.idleWaiters.length > 0) this.notifyIdle();
  };

  /** The bus's handler should never fail; if it does, retry within maxDeliver rather than lose the event. */
  private failure(delivery: Delivery, spec: SubscriptionSpec, error: unknown): Settlement {
    const message = error instanceof Error ? error.message : String(error);
    this.logger?.error("delivery handler threw", { group: spec.group, event: delivery.event.id, error: message });
    return delivery.attempt < spec.maxDeliver
      ? { kind: "retry", delayMs: 0 }
      : { kind: "dead-letter", error: { message, code: "PROCESSING_ERROR", attempts: delivery.attempt, lastAttempt: new Date().toISOString() } };
  }

  private isIdle(retries: boolean): boolean {
    if (this.inFlight > 0 || (retries && this.delayed.size > 0)) return false;
    for (const group of this.groups.values()) if (group.size > 0 && group.members.length > 0) return false;
    return true;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    if (waiters.length === 0) return;
    this.idleWaiters = [];
    for (const check of waiters) check();
  }

  private notOpen(): Error {
    return this.state === "new"
      ? notStarted("memory")
      : new BusClosedError("the memory transport");
  }
}

function sameConsumer(a: SubscriptionSpec, b: SubscriptionSpec): boolean {
  return a.tenantId === b.tenantId && a.events.length === b.events.length && a.events.every((name, i) => name === b.events[i]);
}
