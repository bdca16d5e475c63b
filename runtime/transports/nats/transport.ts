/**
 * The NATS JetStream transport. Events are stored in one stream (seed 001: ALUM_EVENTS) on
 * their names as subjects; each subscription group is a durable pull consumer; retries are
 * naks with the bus's delay; dead letters go to a DLQ stream; requests use core NATS.
 * See consumer.ts for delivery, dead-letters.ts for the DLQ, subjects.ts for
 * the subject layout and connection.ts for how the broker being away is tolerated.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Priority } from "../../bus/catalog.js";
import type { CloudEvent } from "../../bus/envelope.js";
import { BusClosedError, EventsmithError, TransportUnavailableError } from "../../bus/errors.js";
import type {
  DeadLetterStore,
  DeliveryHandler,
  HealthReporting,
  Logger,
  RequestReply,
  SubscriptionSpec,
  Transport,
  TransportCapabilities,
  TransportContext,
  TransportHealth,
  TransportSubscription,
} from "../../bus/transport.js";
import { InFlight } from "../shared/in-flight.js";
import { alreadyStarted, notStarted } from "../shared/lifecycle-errors.js";
import { Outage } from "../shared/outage.js";
import { Connection } from "./connection.js";
import { ConsumerSubscription } from "./consumer.js";
import { whileElecting, withinOutage } from "./elections.js";
import { NatsDeadLetters } from "./dead-letters.js";
import { JetStreamPublisher } from "./publisher.js";
import { encodeEvent, type EncodedEvent } from "./message-codec.js";
import { resolveNatsOptions, type NatsTransportOptions, type ResolvedNatsOptions } from "./options.js";
import { ensureStream } from "./provision.js";
import { NatsRequests } from "./request-reply.js";
import { checkNatsSettings, resolveNatsSettings, type NatsSettings } from "./settings.js";
import { checkEventSubjects, covers, Subjects } from "./subjects.js";

const SETTINGS_ORIGIN = "x-eventsmith.nats";

/** Everything that exists once the transport has started. */
interface Started {
  settings: NatsSettings;
  subjects: Subjects;
  eventSubjects: string[];
  connection: Connection;
  publisher: JetStreamPublisher;
  deadLetters: NatsDeadLetters;
  requests: NatsRequests;
  priorities: Map<string, Priority>;
  logger: Logger;
}

export class NatsTransport implements Transport, HealthReporting, RequestReply {
  readonly name = "nats";
  readonly capabilities: TransportCapabilities = {
    persistent: true,
    crashRecovery: true,
    dedup: true,
    priorities: false,
    requestReply: true,
  };
  readonly deadLetters: DeadLetterStore = {
    list: (query) => this.running().deadLetters.list(query),
    count: () => this.running().deadLetters.count(),
    replay: (ids) => this.running().deadLetters.replay(ids),
    purge: (ids) => this.running().deadLetters.purge(ids),
  };
  private readonly options: ResolvedNatsOptions;
  private started: Started | undefined;
  private state: "new" | "started" | "closing" | "closed" = "new";
  private readonly subscriptions = new Set<ConsumerSubscription>();
  /** Publishes not yet acknowledged (close waits for them). */
  private readonly publishing = new InFlight();
  private provisioning: Promise<void> | undefined;
  /** Whether the last provisioning run succeeded (a reconnect then starts a new one). */
  private provisioned = false;
  /** Why the last round of provisioning did not get through, for the caller's error. */
  private provisioningFailure: string | undefined;
  private closing: Promise<void> | undefined;

  constructor(options?: NatsTransportOptions) {
    this.options = resolveNatsOptions(options);
  }

  /** Connects and provisions the streams; when the broker is down, both continue in the background. */
  async start(context: TransportContext): Promise<void> {
    if (this.state !== "new") throw alreadyStarted("NATS");
    const { catalog, logger } = context;
    const settings = resolveNatsSettings(catalog.name, checkNatsSettings(catalog.nats, SETTINGS_ORIGIN), this.options.overrides);
    const types = Object.keys(catalog.events).sort();
    checkEventSubjects(types);
    const subjects = new Subjects(settings.subjectPrefix, settings.deadLetter.subjectPrefix);
    const eventSubjects = settings.stream.subjects ?? subjects.streamSubjects(types);
    const uncovered = types.filter((type) => !eventSubjects.some((subject) => covers(subject, subjects.event(type))));
    if (uncovered.length > 0) {
      throw new EventsmithError(
        `NATS stream ${settings.stream.name} subjects [${eventSubjects.join(", ")}] do not capture events ${uncovered.join(", ")}`,
        "NATS_STREAM_SUBJECTS",
      );
    }
    const { outageTimeoutMs } = this.options;
    const address = [this.options.connection.servers ?? "127.0.0.1:4222"].flat().join(", ");
    const connection = new Connection(this.options.connection, this.options.apiTimeoutMs, logger, new Outage("NATS", address, outageTimeoutMs, logger));
    const publisher = new JetStreamPublisher(connection, this.options.publishTimeoutMs, outageTimeoutMs);
    const deadLetters = new NatsDeadLetters({
      connection,
      publisher,
      subjects,
      eventStream: settings.stream.name,
      deadLetterStream: settings.deadLetter.stream,
      outageTimeoutMs,
      logger,
    });
    const requests = new NatsRequests({ connection, subjects, outageTimeoutMs, logger });
    const priorities = new Map(Object.entries(catalog.events).map(([name, definition]) => [name, definition.priority]));
    this.started = { settings, subjects, eventSubjects, connection, publisher, deadLetters, requests, priorities, logger };
    this.state = "started";
    // Streams of a memory-storage broker vanish with it; provisioning again is cheap and idempotent.
    connection.onConnected(() => {
      // A reconnect can land while close() runs: nothing to provision for a closing transport.
      if (this.state !== "started") return;
      // A run still going on (a cluster electing) carries on by itself; a finished one is redone.
      if (this.provisioned) this.provisioning = undefined;
      this.provisionInBackground().catch((error: unknown) => logger.error("NATS stream provisioning failed", { error: String(error) }));
    });
    if (await connection.open()) await this.provision();
  }

  publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.state !== "started" && this.state !== "closing") return Promise.reject(this.notOpen());
    const { publisher, subjects } = this.started!;
    let encoded: EncodedEvent[];
    try {
      // All encoded before any is sent: a batch with a bad header sends nothing.
      encoded = events.map((event) => encodeEvent(event));
    } catch (error) {
      return Promise.reject(error);
    }
    const each = events.map((event, i) =>
      publisher.publish(subjects.event(event.type), encoded[i]!.body, encoded[i]!.headers, event.id, `${event.type} ${event.id}`),
    );
    const sends = each.length === 1 ? each[0]! : Promise.all(each);
    this.publishing.begin();
    return sends.then(this.published, this.publishFailed);
  }

  private readonly published = (): void => this.publishing.end();

  private readonly publishFailed = (error: unknown): never => {
    this.published();
    throw error;
  };


  async subscribe(spec: SubscriptionSpec, handler: DeliveryHandler): Promise<TransportSubscription> {
    const started = this.open();
    await this.provision();
    const subscription = new ConsumerSubscription(
      {
        connection: started.connection,
        subjects: started.subjects,
        stream: started.settings.stream.name,
        deadLetters: started.deadLetters,
        priorities: started.priorities,
        outageTimeoutMs: this.options.outageTimeoutMs,
        logger: started.logger,
        provision: () => this.provision(),
      },
      spec,
      handler,
    );
    await subscription.start();
    this.subscriptions.add(subscription);
    let done: Promise<void> | undefined;
    return {
      unsubscribe: () =>
        (done ??= subscription.unsubscribe().finally(() => {
          this.subscriptions.delete(subscription);
        })),
    };
  }

  request(event: CloudEvent, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CloudEvent> {
    try {
      return this.open().requests.request(event, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async serve(spec: SubscriptionSpec, handler: (event: CloudEvent) => Promise<CloudEvent>): Promise<TransportSubscription> {
    return this.open().requests.serve(spec, handler);
  }

  async health(): Promise<TransportHealth> {
    const started = this.started;
    if (started === undefined || this.state === "closed") return { ok: false, status: this.state };
    const status = started.connection.state;
    const lag: Record<string, number> = {};
    let redeliveredAfterSettle = 0;
    for (const subscription of this.subscriptions) {
      redeliveredAfterSettle += subscription.redeliveredAfterSettle;
      const pending = await subscription.lag();
      if (pending !== undefined) lag[subscription.name] = pending;
    }
    return {
      ok: status === "connected" && this.state === "started",
      status,
      lag,
      details: {
        stream: started.settings.stream.name,
        deadLetterStream: started.settings.deadLetter.stream,
        subjects: started.eventSubjects,
        subscriptions: this.subscriptions.size,
        publishing: this.publishing.count,
        redeliveredAfterSettle,
      },
    };
  }

  /** Stops intake, lets in-flight handlers and their dead letters settle, flushes publishes and acks, then disconnects. */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  /**
   * Vanishes like a killed process: the connection is dropped and nothing is acknowledged,
   * flushed or deleted; the broker redelivers unacknowledged events after their ack wait.
   */
  async abort(): Promise<void> {
    this.state = "closed";
    for (const subscription of this.subscriptions) subscription.abandon();
    this.subscriptions.clear();
    await this.started?.connection.abort();
  }

  private async shutdown(): Promise<void> {
    const started = this.started;
    if (started === undefined) {
      this.state = "closed";
      return;
    }
    this.state = "closing";
    try {
      await Promise.all([started.requests.close(), ...[...this.subscriptions].map((subscription) => subscription.unsubscribe())]);
      await this.publishing.idle();
    } finally {
      this.state = "closed";
      await started.connection.close();
    }
  }

  /**
   * Creates or checks both streams; shared by concurrent callers, redone after a reconnect.
   * A cluster electing its leaders (starting, or back from an outage) is waited for in the
   * background until provisioning succeeds; a caller waits at most the outage wait for it.
   */
  private provision(): Promise<void> {
    const { outageTimeoutMs, apiTimeoutMs } = this.options;
    const { connection } = this.running();
    // Unreachable, or no leader: the outage wait. Connected with no failure yet (a replicated
    // stream being created on a busy cluster): the API call in flight gets its own timeout too.
    const waitMs = () => (connection.current() !== undefined && this.provisioningFailure === undefined ? apiTimeoutMs : 0);
    return withinOutage(this.provisionInBackground(), outageTimeoutMs, waitMs, () => new TransportUnavailableError("provisioning NATS streams", "NATS", outageTimeoutMs, this.provisioningFailure));
  }

  /** The one provisioning run, started unless one is going on or has succeeded. */
  private provisionInBackground(): Promise<void> {
    const started = this.running();
    return (this.provisioning ??= this.provisionUntilDone(started).then(
      () => void (this.provisioned = true),
      (error: unknown) => {
        this.provisioning = undefined;
        throw error;
      },
    ));
  }

  private async provisionUntilDone(started: Started): Promise<void> {
    this.provisioned = false;
    this.provisioningFailure = undefined;
    for (;;) {
      try {
        return await whileElecting(started.connection, Date.now() + this.options.outageTimeoutMs, "provisioning NATS streams", (link) => this.ensureStreams(link.jsm, started));
      } catch (error) {
        // Only a closing transport or a real refusal (a conflicting stream) ends the attempts.
        if (!(error instanceof TransportUnavailableError) || this.state !== "started") throw error;
        this.provisioningFailure = error.message;
      }
    }
  }

  private async ensureStreams(jsm: JetStreamManager, started: Started): Promise<void> {
    const { settings, logger } = started;
    const { stream, deadLetter } = settings;
    await ensureStream(jsm, { ...stream, subjects: started.eventSubjects, origin: `${SETTINGS_ORIGIN}.stream` }, logger);
    await ensureStream(
      jsm,
      {
        ...stream,
        name: deadLetter.stream,
        subjects: [started.subjects.deadLetterAll()],
        retention: "limits",
        maxAgeMs: 0,
        maxBytes: -1,
        origin: `${SETTINGS_ORIGIN}.deadLetter`,
      },
      logger,
    );
  }

  /** For new work (subscriptions, requests): only before close() began. */
  private open(): Started {
    if (this.state === "started") return this.started!;
    throw this.notOpen();
  }

  /** For work that may finish during close() (dead letters of draining handlers). */
  private running(): Started {
    if (this.state === "started" || (this.state === "closing" && this.started !== undefined)) return this.started!;
    throw this.notOpen();
  }

  private notOpen(): Error {
    return this.state === "new"
      ? notStarted("NATS")
      : new BusClosedError("the NATS transport");
  }
}
