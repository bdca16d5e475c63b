/**
 * One subscription: a pull consumer named after the subscription's group, consumed in
 * batches, each message handed to the bus and settled the way the bus decided.
 *
 * Consumer: one per group (the group name is the consumer name, as seed 001 names them),
 * filter subject = the subscription pattern. The bus's patterns are NATS wildcards over
 * event subjects, so one 2.9 filter subject covers any pattern exactly and the group keeps
 * a single position and one ack wait. Named
 * groups are durable and start from the first stored event; unnamed ones start at new
 * events and are removed on unsubscribe (or by the server when the process is gone).
 * `max_deliver` is left unlimited and no consumer `backoff` is set: the bus decides retries
 * (nak with its delay) and dead letters, so a crash on the last attempt cannot make the
 * broker drop an event silently.
 *
 * Concurrency is enforced here, not by the server: messages are taken from the pull iterator
 * only while a handler slot is free, and nats.js issues the next pull only when the iterator
 * reaches it, so at most one batch (≤ concurrency) waits locally. A retry is nak(delay): the
 * event waits for its backoff on the server and keeps its delivery count (the attempt stays
 * honest and a crash loses nothing), but it holds no handler slot; `max_ack_pending` leaves
 * room for RETRY_ALLOWANCE such events per group beyond the handlers and the local batch.
 *
 * Settling: ack (the acks of one event-loop turn are sent together, in one socket write);
 * retry = nak(delay); dead letter = publish to the DLQ, wait for its ack, then term. A message that does not decode into an event goes to the bus flagged
 * `undecodable`, which dead-letters it at once (the DLQ keeps the message as it arrived).
 * A broker killed before it persisted recent acks redelivers those events after restart;
 * the subscription remembers the stream sequences it settled lately and acks such
 * redeliveries without running the handler again. A copy of a message that is still being
 * handled is left alone: the in-flight delivery's ack or nak settles it.
 */
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type ConsumerConfig, type ConsumerInfo, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import type { Priority } from "../../bus/catalog.js";
import { undecodableEvent, type CloudEvent } from "../../bus/envelope.js";
import { EventsmithError, TransportUnavailableError } from "../../bus/errors.js";
import type { DeadLetterError, Delivery, DeliveryHandler, Logger, RawMessage, Settlement, SubscriptionSpec, TransportSubscription } from "../../bus/transport.js";
import type { Connection, Link } from "./connection.js";
import { whileElecting } from "./elections.js";
import type { NatsDeadLetters } from "./dead-letters.js";
import { decodeEvent, HEADER, rawMessage, readHeaders } from "./message-codec.js";
import { InFlight } from "../shared/in-flight.js";
import { RecentSet } from "./recent-set.js";
import type { Subjects } from "./subjects.js";

/** Settled stream sequences remembered per subscription (redeliveries after a broker crash). */
const SETTLED_MEMORY = 20_000;
/** Largest pull batch. */
const MAX_BATCH = 1000;
/** Delay before a message whose dead letter could not be stored is tried again. */
const DEAD_LETTER_RETRY_MS = 5000;
/** Events of a group that may wait for their backoff at once without taking a delivery slot. */
const RETRY_ALLOWANCE = 10_000;
/**
 * Lifetime of one pull request. A pull waits on the consumer's leader; when that node dies the
 * pull is gone with it, and nats.js notices only after two missed idle heartbeats (half this
 * each) before it pulls again from the new leader. nats.js's 30 s default stalled a group that
 * long after every consumer-leader failover; 5 s costs an idle group one request per 5 s.
 */
const PULL_EXPIRES_MS = 5000;
/** Pause before recovering a consumer again after the cluster did not answer within the outage wait. */
const RECOVER_RETRY_MS = 1000;
/** Unnamed groups' consumers outlive a vanished process by this long at least. */
const EPHEMERAL_INACTIVE_MS = 60_000;

export interface ConsumerDeps {
  connection: Connection;
  subjects: Subjects;
  stream: string;
  deadLetters: NatsDeadLetters;
  priorities: ReadonlyMap<string, Priority>;
  outageTimeoutMs: number;
  logger: Logger;
  /** Re-creates missing streams (a memory-storage broker forgets them on restart). */
  provision(): Promise<void>;
}

export class ConsumerSubscription implements TransportSubscription {
  /** Messages skipped because they were settled already before a broker restart. */
  redeliveredAfterSettle = 0;
  private state: "starting" | "running" | "draining" | "stopped" = "starting";
  private messages: ConsumerMessages | undefined;
  private readonly inFlight = new InFlight();
  private readonly handling = new Set<number>();
  private readonly settled = new RecentSet<number>(SETTLED_MEMORY);
  /** Pull loops waiting for a free handler slot. */
  private slotWaiters: (() => void)[] = [];
  /** Acks decided in this turn of the event loop, not yet handed to the connection. */
  private acks: JsMsg[] = [];
  private acksScheduled = false;
  private stopping: Promise<void> | undefined;
  private recovering = false;
  private offReconnect: (() => void) | undefined;
  private readonly config: Partial<ConsumerConfig>;

  constructor(
    private readonly deps: ConsumerDeps,
    readonly spec: SubscriptionSpec,
    private readonly handler: DeliveryHandler,
  ) {
    const filter = deps.subjects.filter(spec.pattern);
    this.config = {
      name: spec.group,
      ...(spec.durable ? { durable_name: spec.group } : { inactive_threshold: nanos(Math.max(EPHEMERAL_INACTIVE_MS, 2 * spec.ackTimeoutMs)) }),
      description: `eventsmith ${spec.pattern}${spec.tenantId === undefined ? "" : ` tenant=${spec.tenantId}`}`,
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(spec.ackTimeoutMs),
      max_ack_pending: 2 * spec.concurrency + RETRY_ALLOWANCE,
      max_deliver: -1,
      deliver_policy: spec.durable ? DeliverPolicy.All : DeliverPolicy.New,
    };
  }

  get name(): string {
    return this.spec.group;
  }

  async start(): Promise<void> {
    const { link, info } = await this.whileElecting(`subscribing to ${this.spec.pattern}`, async (link) => ({ link, info: await this.ensureConsumer(link) }));
    this.state = "running";
    await this.consume(link, info);
    this.offReconnect = this.deps.connection.onConnected(() => void this.recover());
  }

  unsubscribe(): Promise<void> {
    return (this.stopping ??= this.stop());
  }

  /**
   * Events of this group not yet acknowledged, when connected: undelivered (num_pending) plus
   * delivered and unacknowledged (num_ack_pending), the same figure as Redis's pending + lag.
   */
  async lag(): Promise<number | undefined> {
    const link = this.deps.connection.current();
    if (link === undefined || this.state !== "running") return undefined;
    const info = await link.jsm.consumers.info(this.deps.stream, this.name).catch(() => undefined);
    return info === undefined ? undefined : info.num_pending + info.num_ack_pending;
  }

  /** Drops everything at once, settling nothing (a crashed process); the broker redelivers after the ack wait. */
  abandon(): void {
    this.state = "stopped";
    this.offReconnect?.();
    // Acks decided before the crash point had been sent in the old synchronous path too.
    this.sendAcks();
    void this.messages?.close();
  }

  private async stop(): Promise<void> {
    this.state = "draining";
    this.offReconnect?.();
    await this.drainMessages();
    await this.inFlight.idle();
    this.sendAcks();
    const link = this.deps.connection.current();
    if (link !== undefined) {
      // The acks are on their way; make sure the broker has them before we say we are done.
      await link.nc.flush().catch(() => undefined);
      if (!this.spec.durable) await link.jsm.consumers.delete(this.deps.stream, this.name).catch(() => undefined);
    }
    this.state = "stopped";
  }

  /**
   * Stops pulling without stranding messages: the inbox is drained (unsubscribe, then a
   * round trip), so whatever the broker sent before it saw the unsubscribe is still handed
   * to the handler instead of waiting out the ack wait on the broker. nats.js 3.4 exposes no
   * drain for consume(), hence the internal `sub`; close() is the fallback.
   */
  private async drainMessages(): Promise<void> {
    const messages = this.messages;
    if (messages === undefined) return;
    const sub = (messages as unknown as { sub?: { drain?: () => Promise<void> } }).sub;
    await sub?.drain?.().catch(() => undefined);
    await messages.close();
  }

  /** Creates the group's consumer, or checks that the existing one consumes the same thing. */
  private async ensureConsumer(link: Link): Promise<ConsumerInfo> {
    const { jsm } = link;
    const { stream } = this.deps;
    const existing = await consumerInfo(link, stream, this.name);
    if (existing === undefined) return jsm.consumers.add(stream, this.config);
    const there = existing.config;
    const filter = there.filter_subject ?? ">";
    if (filter !== this.config.filter_subject || (there.description?.startsWith("eventsmith ") && there.description !== this.config.description)) {
      throw new EventsmithError(
        `group "${this.name}" already consumes "${there.description ?? filter}" on NATS stream ${stream}; every member of a group must ` +
          `subscribe to the same pattern and tenant (wanted "${this.config.description}"). Use another group name, or delete the consumer ` +
          `(\`nats consumer rm ${stream} ${this.name}\`) to reset the group`,
        "GROUP_MISMATCH",
      );
    }
    if (there.ack_wait !== this.config.ack_wait || there.max_ack_pending !== this.config.max_ack_pending) {
      return jsm.consumers.update(stream, this.name, { ack_wait: this.config.ack_wait!, max_ack_pending: this.config.max_ack_pending! });
    }
    return existing;
  }

  private async consume(link: Link, info: ConsumerInfo): Promise<void> {
    const consumer = link.js.consumers.getConsumerFromInfo(info);
    const messages = await consumer.consume({ max_messages: Math.min(MAX_BATCH, this.spec.concurrency), expires: PULL_EXPIRES_MS });
    this.messages = messages;
    void this.pull(messages);
    void (async () => {
      for await (const status of messages.status()) {
        if (status.type === "consumer_not_found" || status.type === "stream_not_found" || status.type === "consumer_deleted") {
          void this.recover();
        }
      }
    })();
  }

  /** Hands messages to the handler while a slot is free; waiting here also holds back the next pull. */
  private async pull(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        if (this.inFlight.count >= this.spec.concurrency) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
        this.onMessage(msg);
      }
    } catch (error) {
      if (this.state === "running") {
        this.deps.logger.warn("NATS pull loop ended; resuming", { consumer: this.name, error: error instanceof Error ? error.message : String(error) });
        void this.recover();
      }
    }
  }

  /**
   * After a reconnect or a missing consumer: re-create what the broker lost and resume. A
   * cluster may still be electing the consumer's leader; if that outlasts the outage wait while
   * connected, recovery is tried again a little later rather than left to the next reconnect
   * (which never comes when the client's own node stayed up).
   */
  private async recover(): Promise<void> {
    if (this.state !== "running" || this.recovering) return;
    this.recovering = true;
    try {
      const what = `resuming ${this.spec.pattern}`;
      const present = await this.whileElecting(what, (link) => consumerInfo(link, this.deps.stream, this.name));
      if (present !== undefined) return;
      await this.deps.provision();
      const { link, info } = await this.whileElecting(what, async (link) => ({ link, info: await this.ensureConsumer(link) }));
      if (this.state !== "running") return;
      this.deps.logger.warn("NATS consumer was missing and has been re-created", { stream: this.deps.stream, consumer: this.name });
      await this.messages?.close();
      await this.consume(link, info);
    } catch (error) {
      // Disconnected: the reconnect calls recover() again (and the outage is logged once, by the connection).
      if (this.deps.connection.current() === undefined) return;
      // Connected but no leader within the outage wait: try again soon. Anything else waits for a reconnect.
      const leaderless = error instanceof TransportUnavailableError;
      this.deps.logger.error(`could not restore the NATS consumer; ${leaderless ? "trying again" : "will retry on the next reconnect"}`, {
        consumer: this.name,
        error: error instanceof Error ? error.message : String(error),
      });
      if (leaderless) setTimeout(() => void this.recover(), RECOVER_RETRY_MS).unref();
    } finally {
      this.recovering = false;
    }
  }

  private whileElecting<T>(what: string, work: (link: Link) => Promise<T>): Promise<T> {
    return whileElecting(this.deps.connection, Date.now() + this.deps.outageTimeoutMs, what, work);
  }

  private readonly onMessage = (msg: JsMsg): void => {
    if (this.state === "stopped") return;
    const seq = msg.seq;
    if (this.handling.has(seq)) return;
    if (this.settled.has(seq)) {
      this.redeliveredAfterSettle++;
      return msg.ack();
    }
    const headers = readHeaders(msg);
    const replayGroup = headers.get(HEADER.replayGroup);
    if (replayGroup && replayGroup !== this.spec.group) return msg.ack();
    let event: CloudEvent;
    let original: CloudEvent | RawMessage;
    let undecodable: Delivery["undecodable"];
    try {
      original = event = decodeEvent(headers, msg.string());
    } catch (error) {
      // The bus dead-letters it (and counts it); the dead letter keeps the message as it arrived.
      const failure = error as Error & { code?: string };
      original = rawMessage(headers, msg.string());
      event = undecodableEvent(original);
      undecodable = { message: `undecodable message on ${msg.subject}: ${failure.message}`, code: failure.code ?? "UNDECODABLE" };
    }
    if (undecodable === undefined && this.spec.tenantId !== undefined && event.tenantid !== this.spec.tenantId) return msg.ack();
    this.begin(seq);
    const delivery: Delivery = {
      event,
      attempt: msg.info.deliveryCount,
      priority: this.deps.priorities.get(event.type) ?? "normal",
      working: () => msg.working(),
      undecodable,
    };
    let settlement: Promise<Settlement>;
    try {
      settlement = this.handler(delivery);
    } catch (error) {
      settlement = Promise.reject(error);
    }
    settlement.then(
      (outcome) => this.settle(msg, original, outcome),
      (error: unknown) => this.settle(msg, original, this.fallback(delivery, error)),
    );
  };

  private settle(msg: JsMsg, original: CloudEvent | RawMessage, outcome: Settlement): void {
    switch (outcome.kind) {
      case "ack":
        this.ack(msg);
        this.settled.add(msg.seq);
        return this.end(msg.seq);
      case "retry":
        msg.nak(outcome.delayMs > 0 ? outcome.delayMs : undefined);
        return this.end(msg.seq);
      case "dead-letter":
        void this.deadLetter(msg, original, outcome.error);
    }
  }

  /**
   * Queues an ack for the end of this event-loop turn. nats.js writes to the socket in a
   * microtask after the first buffered command, and deliveries settle at different microtask
   * depths, so acking at once cost one socket write per event (half the consume throughput);
   * sent together they share one write. unsubscribe() and abandon() send what is queued.
   */
  private ack(msg: JsMsg): void {
    this.acks.push(msg);
    if (this.acksScheduled) return;
    this.acksScheduled = true;
    setImmediate(this.sendAcks);
  }

  private readonly sendAcks = (): void => {
    this.acksScheduled = false;
    const acks = this.acks;
    if (acks.length === 0) return;
    this.acks = [];
    for (const msg of acks) msg.ack();
  };

  /** Stores the dead letter (waiting for the DLQ's ack), then terminates the message. */
  private async deadLetter(msg: JsMsg, original: Parameters<NatsDeadLetters["add"]>[0], error: DeadLetterError): Promise<void> {
    try {
      await this.deps.deadLetters.add(original, error, { subject: msg.subject, sequence: msg.seq, group: this.spec.group });
      msg.term();
      this.settled.add(msg.seq);
    } catch (failure) {
      this.deps.logger.error("could not store a dead letter; the event stays in the stream and will be tried again", {
        consumer: this.name,
        sequence: msg.seq,
        error: failure instanceof Error ? failure.message : String(failure),
      });
      msg.nak(DEAD_LETTER_RETRY_MS);
    }
    this.end(msg.seq);
  }

  /** The bus's handler should never reject; if it does, retry within maxDeliver rather than lose the event. */
  private fallback(delivery: Delivery, error: unknown): Settlement {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.logger.error("delivery handler rejected", { consumer: this.name, event: delivery.event.id, error: message });
    if (delivery.attempt < this.spec.maxDeliver) return { kind: "retry", delayMs: 0 };
    return {
      kind: "dead-letter",
      error: { message, code: "PROCESSING_ERROR", attempts: delivery.attempt, lastAttempt: new Date().toISOString() },
    };
  }

  private begin(seq: number): void {
    this.inFlight.begin();
    this.handling.add(seq);
  }

  private end(seq: number): void {
    this.handling.delete(seq);
    this.inFlight.end();
    if (this.slotWaiters.length > 0) {
      const waiters = this.slotWaiters;
      this.slotWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

/** The consumer's info, or undefined when it does not exist. */
async function consumerInfo(link: Link, stream: string, name: string): Promise<ConsumerInfo | undefined> {
  try {
    return await link.jsm.consumers.info(stream, name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return undefined;
    throw error;
  }
}
