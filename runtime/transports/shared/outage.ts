/**
 * One outage behaviour for every broker transport. While the broker is unreachable, work that
 * needs it waits at most `timeoutMs` (the transport's `outageTimeoutMs`) and then fails with
 * `TransportUnavailableError` (code `TRANSPORT_UNAVAILABLE`); the transport keeps reconnecting
 * in the background regardless, also when the broker was down at start. The log gets one line
 * when an outage starts and one when it ends, however many operations waited in between.
 */
import { BusClosedError, TransportUnavailableError } from "../../bus/errors.js";
import type { Logger } from "../../bus/transport.js";

/** Default `outageTimeoutMs`: how long an operation waits for an unreachable broker. */
export const DEFAULT_OUTAGE_TIMEOUT_MS = 10_000;

export class Outage {
  private reachable = false;
  /** When the current outage started (epoch ms); undefined while reachable or before the first attempt. */
  private since: number | undefined;
  private closed = false;
  private lastError: string | undefined;
  private readonly waiters = new Set<() => void>();
  /** Work in flight (`bound`), told when the connection drops. */
  private readonly inFlight = new Set<() => void>();

  constructor(
    /** `NATS`, `Redis`: names the broker in log lines and errors. */
    private readonly broker: string,
    /** Where the broker is expected, for the log line. */
    private readonly address: string,
    readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  get up(): boolean {
    return this.reachable;
  }

  /** The broker answered: ends the outage (one log line if there was one). */
  markUp(): void {
    if (this.reachable || this.closed) return;
    this.reachable = true;
    if (this.since !== undefined) {
      this.logger.info(`${this.broker} reachable again at ${this.address} after ${Date.now() - this.since} ms`);
      this.since = undefined;
    }
    this.wake();
  }

  /** The broker did not answer (refused, lost): starts an outage unless one is going on. */
  markDown(error?: unknown): void {
    if (error !== undefined) this.lastError = error instanceof Error ? error.message : String(error);
    if (this.closed || this.since !== undefined) return;
    this.reachable = false;
    this.since = Date.now();
    for (const watch of [...this.inFlight]) watch();
    this.logger.warn(
      `${this.broker} unreachable at ${this.address}; reconnecting in the background, operations wait up to ${this.timeoutMs} ms ` +
        `and then fail with TRANSPORT_UNAVAILABLE`,
      this.lastError === undefined ? undefined : { error: this.lastError },
    );
  }

  /** Silences the log and fails every waiter with BusClosedError (the transport is closing). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Resolves once the broker is reachable; rejects after `timeoutMs` of waiting, or on close. */
  whenUp(what: string): Promise<void> {
    if (this.reachable) return Promise.resolve();
    if (this.closed) return Promise.reject(new BusClosedError(`the ${this.broker} transport`));
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.reachable) finish(resolve);
        else if (this.closed) finish(() => reject(new BusClosedError(`the ${this.broker} transport`)));
      };
      const timer = setTimeout(() => finish(() => reject(this.unavailable(what))), this.timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
    });
  }

  /**
   * `work` as it goes, unless the connection drops while it is in flight: then it has the
   * outage wait to finish (a client may resend it after reconnecting) and fails with
   * TRANSPORT_UNAVAILABLE after that, instead of hanging until the broker is back.
   */
  bound<T>(work: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const watch = () => {
        if (!this.reachable && timer === undefined) timer = setTimeout(() => done(() => reject(this.unavailable(what))), this.timeoutMs);
      };
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.inFlight.delete(watch);
        settle();
      };
      this.inFlight.add(watch);
      watch();
      work.then((value) => done(() => resolve(value)), (error: unknown) => done(() => reject(error)));
    });
  }

  private unavailable(what: string): TransportUnavailableError {
    return new TransportUnavailableError(what, this.broker, this.timeoutMs, this.lastError);
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}
