/**
 * `createBus(catalog, options)`: the typed event bus generated SDKs wrap. It validates and
 * builds envelopes, resolves patterns against the catalog, runs handlers (see
 * SubscriptionRunner) and leaves moving events to the transport.
 */
import type {
  AnyEventOf,
  BusHealth,
  BusSetup,
  BusStats,
  BusStatus,
  EventBus,
  EventName,
  EventOf,
  EventsMatching,
  Handler,
  PatternOf,
  PublishInput,
  PublishMeta,
  ReplyInput,
  ReplyOptions,
  RequestOptions,
  ServiceBus,
  SubscribeOptions,
  Subscription,
  SubscriptionStats,
  TenantStats,
} from "./bus-types.js";
import { BusEnvelope } from "./bus-envelope.js";
import type { CatalogDefinition, EventMapBase } from "./catalog.js";
import { handlingContext } from "./context.js";
import type { CloudEvent } from "./envelope.js";
import { AbortedError, BusClosedError, InvalidOptionsError, PublishValidationError, type PublishViolation } from "./errors.js";
import { newId } from "./ids.js";
import { AttachedHooks, attachInstrumentation, type Instrumentation, type InstrumentedBus, type PublishObserver } from "./instrumentation.js";
import { consoleLogger } from "./logger.js";
import { checkBusOptions, resolveSubscribeOptions } from "./options.js";
import { resolvePattern } from "./patterns.js";
import { catalogEntries, Publisher, type EventEntry } from "./publisher.js";
import { sendRequest, serveReplies } from "./request-reply.js";
import { ServiceScope, type ServiceDefinition } from "./service-scope.js";
import { SubscriptionRunner, type RunnerObservers } from "./subscription-runner.js";
import { TenantStatsTable } from "./tenant-stats.js";
import {
  isInProcess,
  reportsHealth,
  type DeadLetterStore,
  type InProcessTransport,
  type Logger,
  type PublishOrigin,
  type SubscriptionSpec,
  type Transport,
  type TransportHealth,
} from "./transport.js";

/** What the bus tells an in-process transport about the events it offers (one object for every bus). */
const ORIGIN: PublishOrigin = {
  fromHandler: () => handlingContext.getStore() !== undefined,
  idSequence: BusEnvelope.sequenceOf,
};

export function createBus<M extends EventMapBase>(catalog: CatalogDefinition<M>, options: BusSetup): EventBus<M> {
  return new Bus(catalog, options);
}

/**
 * The bus of one service: it publishes only the events `service` sends and subscribes only
 * to those it receives (`source` defaults to the service's name). Generated per-service
 * entry points call it; the types turn any other event into a compile error.
 */
export function createServiceBus<M extends EventMapBase, S extends EventName<M>, R extends EventName<M>>(
  catalog: CatalogDefinition<M>,
  service: ServiceDefinition<S, R>,
  options: BusSetup,
): ServiceBus<M, S, R> {
  const bus = new Bus(catalog, { source: service.name, ...options }, new ServiceScope(service, Object.keys(catalog.events)));
  // the same bus, seen through the narrower type its scope enforces at run time
  return bus as unknown as ServiceBus<M, S, R>;
}

class Bus<M extends EventMapBase> implements EventBus<M> {
  readonly transport: Transport;
  /** The transport again when it has the in-process fast path, else undefined. */
  private readonly inProcess: InProcessTransport | undefined;
  readonly deadLetters: DeadLetterStore;
  private status: BusStatus = "starting";
  private startError: unknown;
  private readonly started: Promise<void>;
  private readonly publisher: Publisher;
  private readonly logger: Logger;
  private readonly runners = new Map<string, SubscriptionRunner>();
  /** Subscription stats as they stood when the bus closed. */
  private finalSubscriptions: SubscriptionStats[] = [];
  private closing: Promise<void> | undefined;
  /** `undefined` when nothing is attached: the hot paths then skip every hook. */
  private instrumentation: AttachedHooks | undefined;
  private readonly tenants = new TenantStatsTable();
  /** Shared by every subscription, so an instrumentation attached later (instrument) reaches them all. */
  private readonly observers: RunnerObservers;
  private readonly attached: InstrumentedBus;

  constructor(
    readonly catalog: CatalogDefinition<M>,
    options: BusSetup,
    /** Set for a service's bus: what it may publish and receive. */
    private readonly scope?: ServiceScope,
  ) {
    checkBusOptions(options);
    const entries = catalogEntries(catalog);
    // The generated createEventBus defaults it (memoryTransport()), so the bus depends on no transport.
    if (options?.transport === undefined) {
      throw new InvalidOptionsError("options.transport", "is required: memoryTransport() in process, natsTransport(...) or redisTransport(...)");
    }
    this.publisher = new Publisher(entries, options.source ?? catalog.name);
    this.logger = options.logger ?? consoleLogger;
    this.transport = options.transport;
    this.inProcess = isInProcess(this.transport) ? this.transport : undefined;
    this.deadLetters = this.afterStart(this.transport.deadLetters);
    const attached = { catalog: catalog.name, system: this.transport.name, events: this.publisher.names, deadLetters: this.deadLetters, logger: this.logger, health: () => this.health() };
    this.attached = attached;
    this.instrumentation = attachInstrumentation(options.instrumentation, attached, this.logger);
    this.observers = { instrumentation: this.instrumentation, tenants: this.tenants };
    this.started = this.transport.start({ catalog, logger: this.logger }).then(
      () => {
        if (this.status === "starting") this.status = "open";
      },
      (error: unknown) => {
        this.status = "failed";
        this.startError = error;
        throw error;
      },
    );
    // Reported to whoever uses the bus next (publish, subscribe, health), not as an unhandled rejection.
    this.started.catch(() => undefined);
  }

  publish<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): Promise<CloudEvent<N, M[N]>> {
    return this.status === "open" ? this.send(name, data, meta) : this.whenOpen(() => this.send(name, data, meta));
  }

  /**
   * Validates and builds the envelope `publish` would send, without sending it: an outbox
   * stores it and hands it to `publishPrepared` later, with the same id (so the broker
   * deduplicates a relay's retry). Not on the EventBus interface; see eventsmith/postgres.
   */
  prepare<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): CloudEvent<N, M[N]> {
    const entry = this.publisher.entry(name);
    const built = this.publisher.build(entry, data, meta, -1);
    if (!(built instanceof BusEnvelope)) throw new PublishValidationError([built]);
    return built as unknown as CloudEvent<N, M[N]>;
  }

  /** Sends envelopes made by `prepare` (possibly in another process) through this bus's transport, in order. */
  publishPrepared(events: readonly CloudEvent[]): Promise<void> {
    return this.whenOpen(async () => {
      await this.transmit(events);
      for (const event of events) {
        const entry = this.publisher.entries.get(event.type);
        if (entry !== undefined) entry.counters.published++;
      }
    });
  }

  publishMany(items: readonly PublishInput<M>[]): Promise<CloudEvent[]> {
    return this.status === "open" ? this.sendMany(items) : this.whenOpen(() => this.sendMany(items));
  }

  private send<N extends EventName<M>>(name: N, data: M[N], meta: PublishMeta | undefined): Promise<CloudEvent<N, M[N]>> {
    let entry: EventEntry;
    let built: BusEnvelope | PublishViolation;
    try {
      this.scope?.checkSend(name);
      entry = this.publisher.entry(name);
      built = this.publisher.build(entry, data, meta, -1);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!(built instanceof BusEnvelope)) {
      this.instrumentation?.rejected(name, "VALIDATION_FAILED");
      return Promise.reject(new PublishValidationError([built]));
    }
    const sent = built as unknown as CloudEvent<N, M[N]>;
    const observer = this.instrumentation?.publish([built]);
    const accepted = this.inProcess === undefined ? this.transport.publish([built]) : this.inProcess.offer([built], ORIGIN);
    if (accepted === undefined) {
      this.counted(entry, built, observer);
      return Promise.resolve(sent);
    }
    const done = () => {
      this.counted(entry, built, observer);
      return sent;
    };
    return observer === undefined ? accepted.then(done) : accepted.then(done, this.failedPublish(observer));
  }

  /** Hands events to the transport, through the in-process fast path when it has one. */
  private transmit(events: readonly CloudEvent[]): Promise<void> {
    return this.inProcess === undefined ? this.transport.publish(events) : (this.inProcess.offer(events, ORIGIN) ?? Promise.resolve());
  }

  /** Tells the observer why the transport refused a publish, and passes the error on. */
  private failedPublish(observer: PublishObserver): (error: unknown) => never {
    return (error) => {
      this.instrumentation!.published(observer, error);
      throw error;
    };
  }

  private counted(entry: EventEntry, envelope: BusEnvelope, observer: PublishObserver | undefined): void {
    entry.counters.published++;
    if (envelope.tenantid !== undefined) this.tenants.tally(envelope.tenantid).published++;
    if (observer !== undefined) this.instrumentation!.published(observer);
  }

  private sendMany(items: readonly PublishInput<M>[]): Promise<CloudEvent[]> {
    if (!Array.isArray(items)) return Promise.reject(new InvalidOptionsError("items", "must be an array of { name, data, meta? }"));
    const violations: PublishViolation[] = [];
    const batch: BusEnvelope[] = [];
    const entries: EventEntry[] = [];
    try {
      items.forEach((item, index) => {
        this.scope?.checkSend(item.name);
        const entry = this.publisher.entry(item.name);
        const built = this.publisher.build(entry, item.data, item.meta, index);
        if (built instanceof BusEnvelope) {
          batch.push(built);
          entries.push(entry);
        } else {
          violations.push(built);
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
    if (violations.length > 0) {
      for (const violation of violations) this.instrumentation?.rejected(violation.event, "VALIDATION_FAILED");
      return Promise.reject(new PublishValidationError(violations));
    }
    if (batch.length === 0) return Promise.resolve(batch);
    const observer = this.instrumentation?.publish(batch);
    const done = () => {
      entries.forEach((entry, index) => this.counted(entry, batch[index]!, undefined));
      if (observer !== undefined) this.instrumentation!.published(observer);
      return batch;
    };
    const accepted = this.transmit(batch);
    return observer === undefined ? accepted.then(done) : accepted.then(done, this.failedPublish(observer));
  }

  async subscribe<P extends PatternOf<M>, Tx = undefined>(
    pattern: P,
    handler: Handler<EventsMatching<M, P>, Tx>,
    options?: SubscribeOptions<EventsMatching<M, P>, Tx>,
  ): Promise<Subscription> {
    const settings = resolveSubscribeOptions(options as SubscribeOptions<never, unknown> | undefined, this.catalog.delivery);
    if (typeof handler !== "function") throw new InvalidOptionsError("handler", "must be a function");
    const events = this.scope ? this.scope.resolve(pattern) : resolvePattern(pattern, this.publisher.names);
    await this.opened();
    const signal = settings.signal;
    if (signal?.aborted) throw new AbortedError(`subscribe("${pattern}")`, signal.reason);
    const id = newId();
    const spec: SubscriptionSpec = {
      id,
      pattern,
      events,
      group: settings.group ?? `ephemeral-${id}`,
      durable: settings.group !== undefined,
      concurrency: settings.concurrency,
      maxDeliver: settings.maxDeliver,
      ackTimeoutMs: settings.ackTimeoutMs,
      ...(settings.tenantId === undefined ? {} : { tenantId: settings.tenantId }),
    };
    const runner = new SubscriptionRunner(spec, settings, handler as Handler<unknown, unknown>, this.publisher.entries, this.logger, this.observers);
    this.runners.set(id, runner);
    let subscribed;
    try {
      subscribed = await (this.inProcess === undefined ? this.transport.subscribe(spec, runner.handle) : this.inProcess.subscribeInProcess(spec, runner));
    } catch (error) {
      this.runners.delete(id);
      runner.dispose();
      throw error;
    }
    let done: Promise<void> | undefined;
    const unsubscribe = () =>
      (done ??= subscribed.unsubscribe().finally(() => {
        runner.dispose();
        this.runners.delete(id);
      }));
    return this.withSignal({ id, pattern, group: spec.group, events, unsubscribe }, signal);
  }

  /** Attaches one more instrumentation to this bus, running subscriptions included (postgresAudit.attach does). */
  instrument(item: Instrumentation): void {
    const hooks = item.attach(this.attached);
    if (this.instrumentation === undefined) this.instrumentation = this.observers.instrumentation = new AttachedHooks([hooks], this.logger);
    else this.instrumentation.add(hooks);
  }

  async request<N extends EventName<M>>(name: N, data: M[N], options?: RequestOptions): Promise<AnyEventOf<M>> {
    this.scope?.checkSend(name);
    await this.opened();
    return (await sendRequest(this.transport, this.publisher, name, data, options, this.instrumentation)) as unknown as AnyEventOf<M>;
  }

  async reply<N extends EventName<M>>(
    name: N,
    handler: (event: EventOf<M, N>) => ReplyInput<M> | Promise<ReplyInput<M>>,
    options?: ReplyOptions,
  ): Promise<Subscription> {
    if (typeof handler !== "function") throw new InvalidOptionsError("handler", "must be a function");
    this.scope?.checkReceive(name);
    await this.opened();
    const signal = options?.signal;
    if (signal?.aborted) throw new AbortedError(`reply("${name}")`, signal.reason);
    const serving = await serveReplies(
      this.transport,
      this.publisher,
      name,
      handler as never,
      options,
      this.catalog.delivery.ackTimeoutMs,
      this.instrumentation,
    );
    return this.withSignal(serving, signal);
  }

  stats(): BusStats;
  stats(query: { tenantId: string }): TenantStats;
  stats(query?: { tenantId: string }): BusStats | TenantStats {
    if (query !== undefined) {
      if (typeof query?.tenantId !== "string" || query.tenantId === "") {
        throw new InvalidOptionsError("query.tenantId", "must be a non-empty string");
      }
      return this.tenants.snapshot(query.tenantId);
    }
    const events: BusStats["events"] = {};
    for (const [name, entry] of this.publisher.entries) events[name] = { ...entry.counters };
    const subscriptions = this.status === "closed" ? this.finalSubscriptions : [...this.runners.values()].map((runner) => runner.snapshot());
    return { events, subscriptions };
  }

  async health(): Promise<BusHealth> {
    const transport = await this.transportHealth().catch((error: unknown) => ({
      ok: false,
      status: "unavailable",
      details: { error: error instanceof Error ? error.message : String(error) },
    }));
    return { ok: this.status === "open" && transport.ok, status: this.status, transport, subscriptions: this.runners.size };
  }

  /** The broker's view where the transport reports one, else what the bus knows. */
  private transportHealth(): Promise<TransportHealth> {
    if (reportsHealth(this.transport)) return this.transport.health();
    return Promise.resolve({ ok: this.status === "open", status: this.status === "open" ? "connected" : this.status });
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    // Intake stops now, not after the transport has started.
    if (this.status !== "failed") this.status = "closing";
    await this.started.catch(() => undefined);
    try {
      await this.transport.close();
    } finally {
      for (const runner of this.runners.values()) runner.dispose();
      // a service's last report (after close drained everything) still shows what each did
      this.finalSubscriptions = [...this.runners.values()].map((runner) => runner.snapshot());
      this.runners.clear();
      this.status = "closed";
    }
  }

  /**
   * Runs `action` once the transport has started. While closing, only handlers still being
   * drained may publish (their events are part of the in-flight work).
   */
  private whenOpen<T>(action: () => Promise<T>): Promise<T> {
    switch (this.status) {
      case "open":
        return action();
      case "starting":
        return this.started.then(action);
      case "failed":
        return Promise.reject(this.startError);
      case "closing":
        return handlingContext.getStore() === undefined ? Promise.reject(new BusClosedError()) : action();
      case "closed":
        return Promise.reject(new BusClosedError());
    }
  }

  private opened(): Promise<void> {
    return this.whenOpen(() => Promise.resolve());
  }

  /** Dead-letter operations wait for the transport to have started. */
  private afterStart(store: DeadLetterStore): DeadLetterStore {
    return {
      list: (query) => this.whenStarted(() => store.list(query)),
      count: () => this.whenStarted(() => store.count()),
      replay: (ids) => this.whenStarted(() => store.replay(ids)),
      purge: (ids) => this.whenStarted(() => store.purge(ids)),
    };
  }

  private whenStarted<T>(action: () => Promise<T>): Promise<T> {
    return this.status === "starting" ? this.started.then(action) : action();
  }

  private withSignal(subscription: Subscription, signal: AbortSignal | undefined): Subscription {
    if (signal === undefined) return subscription;
    const onAbort = () =>
      subscription.unsubscribe().catch((error: unknown) => this.logger.error("unsubscribe on abort failed", { error: String(error) }));
    signal.addEventListener("abort", onAbort, { once: true });
    return {
      ...subscription,
      unsubscribe: () => {
        signal.removeEventListener("abort", onAbort);
        return subscription.unsubscribe();
      },
    };
  }
}
