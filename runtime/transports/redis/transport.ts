/**
 * The Redis Streams transport: wires the command connection, the consumers (each with its own
 * blocking-read connection), the dead-letter store and housekeeping behind `Transport`.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { CloudEvent } from "../../bus/envelope.js";
import { BusClosedError, InvalidOptionsError, UnknownEventError } from "../../bus/errors.js";
import type {
  DeliveryHandler,
  HealthReporting,
  SubscriptionSpec,
  Transport,
  TransportCapabilities,
  TransportContext,
  TransportHealth,
  TransportSubscription,
} from "../../bus/transport.js";
import { AckBatcher } from "./ack-batcher.js";
import { describeServer, openClient } from "./connections.js";
import type { RedisContext } from "./context.js";
import { RedisDeadLetters } from "./dead-letters.js";
import { eventStatus, type EventStatusReport } from "./event-status.js";
import { KeyLayout, redisGroupName } from "./keys.js";
import { PartitionContexts, type PartitionContext } from "./partition-contexts.js";
import { PartitionedConsumer } from "./partitioned-consumer.js";
import { emptyMetrics, type RedisTransportMetrics } from "./metrics.js";
import { checkOptions, resolveOptions, type RedisTransportOptions } from "./options.js";
import { publishEvents } from "./publisher.js";
import { Persistent } from "./retrying.js";
import { alreadyStarted, notStarted } from "../shared/lifecycle-errors.js";
import { Outage } from "../shared/outage.js";
import { loadScripts } from "./scripts.js";

const HEALTH_STATUS: Record<string, string> = { ready: "connected", end: "closed", close: "reconnecting" };

export class RedisTransport implements Transport, HealthReporting {
  readonly name = "redis";
  /**
   * Persistence assumes the server persists (appendonly); crash recovery is the reaper's XAUTOCLAIM.
   * Priorities are served strictly only where one read sees every stream: with several partitions
   * each partition is read on its own, so they hold within a partition (set once the catalog is known).
   */
  capabilities: TransportCapabilities;
  readonly deadLetters = new RedisDeadLetters();
  private context: RedisContext | undefined;
  private partitions: PartitionContexts | undefined;
  private state: "new" | "starting" | "started" | "closing" | "closed" = "new";
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** Live consumers and how to unsubscribe each. */
  private readonly consumers = new Map<PartitionedConsumer, () => Promise<void>>();
  private readonly ordinals = new Map<string, Set<number>>();
  private readonly publishes = new Set<Promise<void>>();
  private readonly publishedStreams = new Set<string>();
  private readonly counters = emptyMetrics();
  private readonly consumerBase: string;

  constructor(private readonly options: RedisTransportOptions = {}) {
    checkOptions(options);
    const partitioned = (options.partitions ?? 1) > 1 || Object.values(options.eventPartitions ?? {}).some((event) => (event.partitions ?? 1) > 1);
    this.capabilities = { persistent: true, crashRecovery: true, dedup: true, priorities: !partitioned, requestReply: false };
    this.consumerBase = options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  }

  start(context: TransportContext): Promise<void> {
    if (this.state !== "new") return Promise.reject(alreadyStarted("redis"));
    this.state = "starting";
    this.starting = this.begin(context);
    return this.starting;
  }

  private async begin(context: TransportContext): Promise<void> {
    try {
      this.context = await this.connect(context);
    } catch (error) {
      this.state = "new";
      throw error;
    }
    this.partitions = new PartitionContexts(this.context, this.deadLetters);
    if (this.partitions.all().length > 1) this.capabilities = { ...this.capabilities, priorities: false };
    this.deadLetters.attach(this.partitions.all().map(({ context }) => context));
    for (const { maintenance } of this.partitions.all()) maintenance.start();
    this.state = "started";
  }

  private async connect({ catalog, logger }: TransportContext): Promise<RedisContext> {
    const options = resolveOptions(this.options, catalog.name, catalog.redis);
    for (const event of Object.keys(options.eventPartitions)) {
      if (catalog.events[event] === undefined) throw new InvalidOptionsError(`redisTransport options.eventPartitions.${event}`, "not an event of the catalog");
    }
    const outage = new Outage("Redis", describeServer(options), options.outageTimeoutMs, logger);
    // No auto-pipelining: ioredis already writes each command without waiting for earlier
    // replies, and gathering them per tick halved publish throughput in bench:redis.
    const redis = openClient(options, `eventsmith:${this.consumerBase}`, logger);
    redis.on("ready", () => {
      outage.markUp();
      void loadScripts(redis).catch(() => undefined);
    });
    // A cluster node that joins (a restarted one, a promoted replica's new peers) gets the scripts too.
    redis.on("+node", (node: Redis) => void loadScripts(node).catch(() => undefined));
    redis.on("error", (error: Error) => outage.markDown(error));
    redis.on("close", () => outage.markDown());
    // A server that is down at start is waited for in the background, like a later outage.
    void redis.connect().catch(() => undefined);
    const persistent = new Persistent(logger);
    return {
      redis,
      keys: new KeyLayout(options.namespace, options.cluster !== undefined),
      options,
      catalog,
      logger,
      metrics: this.counters,
      persistent,
      outage,
      acks: new AckBatcher(redis, persistent, this.counters),
      // Blocking reads wait for the server as long as it takes; close() interrupts them.
      connect: (name) => {
        const reader = openClient(options, name, logger);
        void reader.connect().catch(() => undefined);
        return reader;
      },
    };
  }

  async publish(events: readonly CloudEvent[]): Promise<void> {
    // Allowed while closing: handlers being drained may still publish (the bus lets only them).
    const context = this.running(true);
    const { outage } = context;
    // A publish in flight when the connection drops is resent by ioredis after the reconnect
    // (the publish script drops an id it has stored already); the outage wait bounds it.
    const send = () => outage.bound(this.publishPartitioned(events), describe(events));
    const sent = outage.up ? send() : outage.whenUp(describe(events)).then(send);
    this.publishes.add(sent);
    try {
      await sent;
    } finally {
      this.publishes.delete(sent);
    }
  }

  /** Each partition's events in one publish (its script calls stay within the partition's hash tag). */
  private async publishPartitioned(events: readonly CloudEvent[]): Promise<void> {
    const context = this.context!;
    // Checked before anything is sent, so a bad event never leaves its batch half published.
    for (const event of events) {
      if (context.catalog.events[event.type] === undefined) throw new UnknownEventError(event.type, Object.keys(context.catalog.events));
    }
    const byPartition = new Map<PartitionContext, CloudEvent[]>();
    for (const event of events) {
      const partition = this.partitions!.route(event);
      const held = byPartition.get(partition);
      if (held === undefined) byPartition.set(partition, [event]);
      else held.push(event);
      const stream = partition.context.keys.stream(event.type);
      if (this.publishedStreams.has(stream)) continue;
      this.publishedStreams.add(stream);
      partition.maintenance.streams.add(stream);
    }
    await Promise.all([...byPartition].map(([partition, held]) => publishEvents(partition.context, held)));
  }

  async subscribe(spec: SubscriptionSpec, handler: DeliveryHandler): Promise<TransportSubscription> {
    const context = this.running();
    for (const event of spec.events) {
      if (context.catalog.events[event] === undefined) throw new UnknownEventError(event, Object.keys(context.catalog.events));
    }
    const redisGroup = redisGroupName(spec.group, spec.tenantId);
    const taken = this.ordinals.get(redisGroup) ?? new Set<number>();
    this.ordinals.set(redisGroup, taken);
    let ordinal = 0;
    while (taken.has(ordinal)) ordinal++;
    taken.add(ordinal);
    // Same name for the same slot: a resubscribe re-reads what an earlier one left pending.
    const consumer = new PartitionedConsumer(this.partitions!, spec, handler, `${this.consumerBase}/${ordinal}`);
    const release = () => {
      taken.delete(ordinal);
      if (!spec.durable) for (const { partition } of consumer.members) partition.maintenance.forget(redisGroup);
    };
    const what = `subscribing to ${spec.pattern}`;
    try {
      if (!context.outage.up) await context.outage.whenUp(what);
      for (const { partition, consumer: member } of consumer.members) {
        if (!spec.durable) await context.outage.bound(partition.maintenance.markAlive(redisGroup), what);
        for (const stream of member.eventStreams) partition.maintenance.streams.add(stream);
      }
      await context.outage.bound(consumer.start(), what);
    } catch (error) {
      release();
      // Nothing was delivered yet; stop() would wait for commands an unreachable server never answers.
      consumer.abort();
      throw error;
    }
    let stopped: Promise<void> | undefined;
    const unsubscribe = () =>
      (stopped ??= consumer.stop().finally(() => {
        this.consumers.delete(consumer);
        release();
      }));
    this.consumers.set(consumer, unsubscribe);
    return { unsubscribe };
  }

  async health(): Promise<TransportHealth> {
    const context = this.context;
    if (context === undefined || this.state === "closed") return { ok: false, status: this.state === "closed" ? "closed" : "not started" };
    const status = HEALTH_STATUS[context.redis.status] ?? context.redis.status;
    const health: TransportHealth = {
      ok: status === "connected" && this.state === "started",
      status,
      details: { namespace: context.keys.namespace, subscriptions: this.consumers.size, metrics: this.metrics() },
    };
    if (status === "connected") {
      const lag: Record<string, number> = {};
      for (const consumer of this.consumers.keys()) lag[consumer.redisGroup] = (lag[consumer.redisGroup] ?? 0) + (await consumer.lag());
      health.lag = lag;
    }
    return health;
  }

  /** Counters since start (a copy). */
  metrics(): RedisTransportMetrics {
    return { ...this.counters };
  }

  /**
   * Seed 002's event status, by event id; null when the id is unknown or its status expired
   * (`eventTtlSeconds`). Waits for a start in progress.
   */
  async eventStatus(id: string): Promise<EventStatusReport | null> {
    if (this.state === "starting") await this.starting;
    this.running();
    const found = await Promise.all(this.partitions!.all().map(({ context }) => eventStatus(context, id)));
    return found.find((report) => report !== null) ?? null;
  }

  close(): Promise<void> {
    if (this.state === "new" || this.state === "closed") {
      this.state = "closed";
      return Promise.resolve();
    }
    const started = this.state === "starting" ? this.starting! : Promise.resolve();
    this.closing ??= started.then(
      () => this.shutdown(),
      () => void (this.state = "closed"),
    );
    return this.closing;
  }

  /**
   * Drops every connection at once and settles nothing: what a killed process leaves behind.
   * Its pending entries stay with its consumers until another member of their group claims
   * them after the ack timeout. For crash-recovery tests; services call `close()`.
   */
  abort(): void {
    const context = this.context;
    this.state = "closed";
    if (context === undefined) return;
    context.persistent.abandoned = true;
    context.outage.close();
    for (const consumer of this.consumers.keys()) consumer.abort();
    for (const { maintenance } of this.partitions?.all() ?? []) void maintenance.stop();
    context.redis.disconnect();
  }

  private async shutdown(): Promise<void> {
    const context = this.context!;
    this.state = "closing";
    const drained = (async () => {
      await Promise.allSettled([...this.publishes]);
      await Promise.all([...this.consumers.values()].map((unsubscribe) => unsubscribe()));
      await Promise.allSettled([...this.publishes]); // those of the handlers just drained
    })();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), context.options.closeTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      context.logger.warn(
        `redis: close() gave up after ${context.options.closeTimeoutMs} ms; unsettled deliveries stay pending and are redelivered`,
      );
      context.persistent.abandoned = true;
    }
    context.outage.close();
    await Promise.all(this.partitions!.all().map(({ maintenance }) => maintenance.stop()));
    if (context.redis.status === "ready") await context.redis.quit().catch(() => context.redis.disconnect());
    else context.redis.disconnect();
    this.state = "closed";
  }

  private running(whileClosing = false): RedisContext {
    if (this.state === "closed" || (this.state === "closing" && !whileClosing)) throw new BusClosedError("the redis transport");
    if (this.context === undefined || (this.state !== "started" && this.state !== "closing")) {
      throw notStarted("redis");
    }
    return this.context;
  }
}

/** Names what a publish was sending, for TRANSPORT_UNAVAILABLE. */
function describe(events: readonly CloudEvent[]): string {
  return events.length === 1 ? `publishing ${events[0]!.type} ${events[0]!.id}` : `publishing ${events.length} events`;
}
