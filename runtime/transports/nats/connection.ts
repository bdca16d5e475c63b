/**
 * The transport's one NATS connection. It reconnects forever once up, and tolerates the
 * broker being down at start: the first attempt reports whether the broker answered, and
 * if it did not, attempts continue in the background until one succeeds or the transport
 * closes. Work that needs the connection waits for it within the outage bound (`whenReady`,
 * then TRANSPORT_UNAVAILABLE); the outage is logged once when it starts and once when it ends
 * (shared/outage.ts). Bad credentials are not retried: they fail clearly at once.
 */
import { connect } from "@nats-io/transport-node";
import { AuthorizationError, type ConnectionOptions, type NatsConnection, UserAuthenticationExpiredError } from "@nats-io/nats-core";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { BusClosedError, EventsmithError, TransportUnavailableError } from "../../bus/errors.js";
import type { Logger } from "../../bus/transport.js";
import type { Outage } from "../shared/outage.js";

/** Why an attempt in flight was given up: the connection dropped under it (it is retried). */
export class ConnectionDroppedError extends Error {
  override readonly name = "ConnectionDroppedError";
}

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "closed";

/** A live connection with its JetStream contexts. */
export interface Link {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

export class Connection {
  state: ConnectionState = "connecting";
  private link: Link | undefined;
  private failure: Error | undefined;
  private lastError: string | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private retryTimer: NodeJS.Timeout | undefined;
  /** Rejects when the current connection drops; renewed on every (re)connect. */
  private dropped = Connection.dropSignal();

  constructor(
    private readonly options: ConnectionOptions,
    private readonly apiTimeoutMs: number,
    private readonly logger: Logger,
    private readonly outage: Outage,
  ) {}

  private static dropSignal(): { promise: Promise<never>; reject: (error: Error) => void } {
    let reject!: (error: Error) => void;
    const promise = new Promise<never>((_, fail) => (reject = fail));
    promise.catch(() => undefined);
    return { promise, reject };
  }

  /**
   * `work` (a request on the current connection), or ConnectionDroppedError as soon as the
   * connection drops under it, rather than when the request times out.
   */
  unlessDropped<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.dropped.promise]);
  }

  /** Makes the first attempt; resolves true when connected, false when attempts go on in the background. */
  async open(): Promise<boolean> {
    return this.attempt(false);
  }

  /** The live connection, or undefined while (re)connecting. */
  current(): Link | undefined {
    return this.state === "connected" ? this.link : undefined;
  }

  /** The connection, waiting for it until `deadline` (epoch ms); `what` names the waiting work in the error. */
  whenReady(deadline: number, what: string): Promise<Link> {
    const link = this.current();
    if (link !== undefined) return Promise.resolve(link);
    return new Promise<Link>((resolve, reject) => {
      // Only the timer expires the wait, never a clock comparison: a timer may fire a
      // millisecond before Date.now() reaches the deadline, and nothing would check again.
      const check = (expired = false) => {
        const ready = this.current();
        if (ready !== undefined) return finish(() => resolve(ready));
        if (this.failure !== undefined) return finish(() => reject(this.failure));
        if (this.state === "closed") return finish(() => reject(new BusClosedError("the NATS transport")));
        if (expired) return finish(() => reject(new TransportUnavailableError(what, "NATS", waitMs, this.lastError)));
      };
      const waitMs = Math.max(0, deadline - Date.now());
      const timer = setTimeout(() => check(true), waitMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /**
   * Called whenever a connection is (re-)established after `open()` returned: a background
   * first connection or a reconnect (streams and consumers of a memory-storage server may be gone).
   */
  onConnected(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Flushes what was published (acks included) and closes. */
  async close(): Promise<void> {
    const link = this.link;
    this.state = "closed";
    this.outage.close();
    clearTimeout(this.retryTimer);
    this.wake();
    if (link !== undefined && !link.nc.isClosed()) {
      await link.nc.drain().catch(() => link.nc.close());
    }
  }

  /** Drops the connection without flushing anything (what a killed process does). */
  async abort(): Promise<void> {
    const link = this.link;
    this.state = "closed";
    this.outage.close();
    clearTimeout(this.retryTimer);
    this.wake();
    if (link !== undefined && !link.nc.isClosed()) await link.nc.close();
  }

  private async attempt(background: boolean): Promise<boolean> {
    if (this.state === "closed") return false;
    try {
      // noAsyncTraces: otherwise every request (each acknowledged publish) builds an Error up front for its stack.
      const nc = await connect({ ...this.options, maxReconnectAttempts: -1, waitOnFirstConnect: false, noAsyncTraces: true });
      // close() may have been called while connecting.
      if ((this.state as ConnectionState) === "closed") {
        await nc.close();
        return false;
      }
      const js = jetstream(nc, { timeout: this.apiTimeoutMs });
      const jsm = await jetstreamManager(nc, { timeout: this.apiTimeoutMs, checkAPI: false });
      this.link = { nc, js, jsm };
      this.state = "connected";
      this.outage.markUp();
      this.watch(nc);
      this.wake();
      if (background) this.notify();
      return true;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      if (error instanceof AuthorizationError || error instanceof UserAuthenticationExpiredError) {
        this.failure = new EventsmithError(`NATS refused the credentials: ${this.lastError}`, "NATS_AUTH", { cause: error });
        this.wake();
        throw this.failure;
      }
      this.outage.markDown(error);
      this.retryTimer = setTimeout(() => this.attempt(true).catch(() => undefined), this.options.reconnectTimeWait ?? 1000);
      return false;
    }
  }

  private watch(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === "disconnect") {
          this.state = "reconnecting";
          this.dropped.reject(new ConnectionDroppedError(`the NATS connection to ${status.server} dropped`));
          this.dropped = Connection.dropSignal();
          this.outage.markDown(this.lastError);
        } else if (status.type === "reconnect") {
          this.state = "connected";
          this.outage.markUp();
          this.wake();
          this.notify();
        } else if (status.type === "error") {
          this.lastError = String(status.error);
        }
      }
    })();
    void nc.closed().then((error) => {
      if (this.state !== "closed") {
        this.state = "closed";
        this.failure = new EventsmithError(`the NATS connection closed: ${error?.message ?? "closed by the client"}`, "NATS_CLOSED");
        this.logger.error("NATS connection closed for good", { error: error?.message });
        this.wake();
      }
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}
