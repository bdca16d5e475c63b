/**
 * The outbox relay: sends committed outbox rows through the bus's transport, oldest first per
 * ordering key, then deletes them (or marks them published, per retention).
 *
 * Each transaction takes a transaction-scoped advisory lock per ordering key (keys another
 * relay holds are skipped, so several relays share the work without reordering a key), claims
 * the keys' oldest rows `FOR UPDATE SKIP LOCKED`, publishes them and removes them, for up to
 * 8 batches of the same keys. A relay killed mid-batch leaves its rows in place; the next
 * transaction sends them again with the same ids, which the broker deduplicates. It wakes on the NOTIFY the outbox trigger
 * sends at commit and polls as a fallback (a lost notification, a lost LISTEN connection).
 */
import type pg from "pg";
import { EventsmithError, InvalidOptionsError } from "../bus/errors.js";
import type { CloudEvent } from "../bus/envelope.js";
import { consoleLogger } from "../bus/logger.js";
import { checkOptions, duration, integer, isObject, type Shape } from "../bus/option-checks.js";
import type { Logger } from "../bus/transport.js";
import { OUTBOX_CHANNEL } from "./schema.js";
import { SendWindow } from "./send-window.js";
import { checkout, rollback } from "./transaction.js";

/** Published rows: deleted, or kept for `keepMs` milliseconds. */
export type Retention = "delete" | { keepMs: number };

export interface RelayOptions {
  /** Rows sent per batch (default 1000). */
  batchSize?: number;
  /** Events being published at once (default 256): batches go out through a window of small chunks (send-window.ts), not in bursts. */
  inFlight?: number;
  /** Ordering keys claimed per batch (default 64). */
  keysPerBatch?: number;
  /** Poll interval when no notification arrives (default 1000 ms). */
  pollIntervalMs?: number;
  /** First delay after a failed batch; doubles up to 5 s (default 200 ms). */
  retryDelayMs?: number;
  /** Default: warnings and errors to the console. */
  logger?: Logger;
}

export interface RelayStats {
  /** Rows sent and removed (or marked) so far. */
  published: number;
  batches: number;
  /** Batches that failed and were retried. */
  failures: number;
}

const OPTIONS: Shape = {
  batchSize: integer(1),
  inFlight: integer(1),
  keysPerBatch: integer(1),
  pollIntervalMs: duration,
  retryDelayMs: duration,
  logger: isObject,
};

/** The advisory lock class of ordering keys (key = hashtext(ordering_key)). */
const KEY_LOCK_CLASS = 0x65766f62;
const MAX_RETRY_MS = 5000;
const RETENTION_SWEEP_MS = 60_000;

/**
 * BEGIN and the claim in one round trip (a simple-protocol query; its only values are the
 * relay's own integers): the oldest pending keys whose advisory lock this relay gets (a CTE
 * with a volatile function is evaluated once, so exactly those keys are locked), then their
 * oldest rows.
 */
const beginAndClaim = (keys: number, rows: number) => `BEGIN;
WITH claimed AS (
  SELECT ordering_key FROM (
    SELECT ordering_key, min(seq) AS first FROM eventsmith_outbox
    WHERE published_at IS NULL GROUP BY ordering_key ORDER BY first LIMIT ${keys}
  ) pending
  WHERE pg_try_advisory_xact_lock(${KEY_LOCK_CLASS}, hashtext(ordering_key))
)
SELECT seq, ordering_key, envelope FROM eventsmith_outbox
WHERE published_at IS NULL AND ordering_key IN (SELECT ordering_key FROM claimed)
ORDER BY seq LIMIT ${rows} FOR UPDATE SKIP LOCKED`;
/** The next rows of keys this transaction holds, read while the previous batch is being sent. */
const MORE_ROWS = `SELECT seq, ordering_key, envelope FROM eventsmith_outbox
WHERE published_at IS NULL AND ordering_key = ANY($1::text[]) AND seq > $2
ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED`;
/** Removing (or marking) sent rows; `seqs` are bigints read from the table, so they are safe to inline. */
const settle = (retention: Retention, rows: readonly Row[]) =>
  `${retention === "delete" ? "DELETE FROM eventsmith_outbox" : "UPDATE eventsmith_outbox SET published_at = now()"} WHERE seq = ANY('{${rows.map((row) => row.seq).join(",")}}'::bigint[])`;
/** Batches one transaction carries before it commits (a relay that dies first has them all sent again, deduplicated). */
const BATCHES_PER_TRANSACTION = 8;
const SWEEP = "DELETE FROM eventsmith_outbox WHERE published_at < now() - $1::double precision * interval '1 millisecond'";

interface Row {
  seq: string;
  ordering_key: string;
  envelope: CloudEvent;
}

/** Says why sending cannot succeed again (the bus failed to start, or was closed), or `undefined` while a retry may. */
export type GaveUp = (error: unknown) => Promise<string | undefined>;

/** The relay stopped for good because its bus cannot send: committed rows stay in the outbox for the next relay. */
export class RelayBusFailedError extends EventsmithError {
  override readonly name = "RelayBusFailedError";
  constructor(reason: string, cause: unknown) {
    super(`outbox relay stopped: ${reason}: ${cause instanceof Error ? cause.message : String(cause)}; committed rows stay in the outbox`, "RELAY_BUS_FAILED", {
      cause,
    });
  }
}

export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, batches: 0, failures: 0 };
  /**
   * Resolves when stop() has stopped the relay; rejects with a RelayBusFailedError when the relay
   * gave up because its bus cannot send any more (a failed or closed bus is not retried forever).
   */
  readonly done: Promise<void>;
  private stopped = false;
  private notified = false;
  private wake: (() => void) | undefined;
  private listener: pg.PoolClient | undefined;
  private lastSweep = 0;
  private readonly batchSize: number;
  private readonly inFlight: number;
  private readonly keysPerBatch: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly logger: Logger;
  private readonly running: Promise<void>;
  private readonly listening: Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly send: (events: readonly CloudEvent[]) => Promise<void>,
    private readonly retention: Retention,
    private readonly gaveUp: GaveUp,
    options: RelayOptions = {},
  ) {
    checkOptions(options, OPTIONS, "startRelay options");
    this.batchSize = options.batchSize ?? 1000;
    this.inFlight = options.inFlight ?? 256;
    this.keysPerBatch = options.keysPerBatch ?? 64;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.logger = options.logger ?? consoleLogger;
    this.listening = this.listen();
    this.running = this.run();
    this.done = this.running.then(() => this.listening);
    // whoever awaits done sees the failure; nobody awaiting it is no unhandled rejection
    this.done.catch(() => undefined);
  }

  /** Stops after the batch in progress (if any) and closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.halt();
    await Promise.all([this.running.catch(() => undefined), this.listening]);
  }

  private halt(): void {
    this.stopped = true;
    this.wakeUp();
    const listener = this.listener;
    this.listener = undefined;
    listener?.release(new Error("relay stopped"));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.notified = false;
      let sent: number;
      try {
        sent = await this.relayBatch();
        failures = 0;
      } catch (error) {
        this.stats.failures++;
        failures++;
        const reason = await this.gaveUp(error).catch(() => undefined);
        if (reason !== undefined) {
          const failure = new RelayBusFailedError(reason, error);
          this.logger.error(failure.message, { error: String(error) });
          this.halt();
          throw failure;
        }
        const delay = Math.min(this.retryDelayMs * 2 ** (failures - 1), MAX_RETRY_MS);
        this.logger.warn("outbox relay batch failed; retrying", { error: String(error), delayMs: delay });
        await this.sleep(delay);
        continue;
      }
      if (sent < this.batchSize && !this.notified) await this.sleep(this.pollIntervalMs);
    }
  }

  /**
   * One transaction: claims keys and their oldest rows, sends them, and while a batch is on its
   * way reads the keys' next rows and queues the removal of the rows already sent, so the
   * broker is not left idle between batches. Resolves with the number of rows sent.
   */
  private async relayBatch(): Promise<number> {
    const client = await checkout(this.pool);
    let broken: Error | undefined;
    // Queries overlap the sending but never each other: one chain on the connection.
    let chain: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(query: () => Promise<T>): Promise<T> => {
      const next = chain.then(query);
      chain = next.catch(() => undefined); // a failure surfaces where the query is awaited
      return next;
    };
    const queued: Promise<unknown>[] = [];
    const window = new SendWindow(this.send, this.inFlight);
    try {
      const [, claimed] = (await client.query(beginAndClaim(this.keysPerBatch, this.batchSize))) as unknown as [pg.QueryResult, pg.QueryResult<Row>];
      let rows = claimed.rows;
      if (rows.length === 0) {
        await client.query("COMMIT");
        await this.sweep(client);
        return 0;
      }
      const keys = [...new Set(rows.map((row) => row.ordering_key))];
      let sent = 0;
      let batches = 0;
      let previous: Promise<void> = Promise.resolve();
      for (;;) {
        const last = rows[rows.length - 1]!.seq;
        const more =
          rows.length === this.batchSize && batches + 1 < BATCHES_PER_TRANSACTION
            ? inTurn(() => client.query<Row>(MORE_ROWS, [keys, last, this.batchSize]))
            : undefined;
        more?.catch(() => undefined);
        const batch = rows;
        const acked = window.push(batch.map((row) => row.envelope));
        const settled = acked.then(() => inTurn(() => client.query(settle(this.retention, batch))));
        settled.catch(() => undefined); // awaited before COMMIT
        queued.push(settled);
        sent += batch.length;
        batches++;
        // one batch ahead at most: the one before this must be acknowledged before reading on
        await previous;
        previous = acked;
        rows = more === undefined ? [] : (await more).rows;
        if (rows.length === 0) break;
      }
      await Promise.all(queued);
      await client.query("COMMIT");
      this.stats.batches += batches;
      this.stats.published += sent;
      return sent;
    } catch (error) {
      await Promise.allSettled(queued);
      broken = await rollback(client, error);
      throw error;
    } finally {
      client.release(broken);
      await window.close();
    }
  }

  /** Removes rows kept past their retention, when idle, at most once per keepMs (between 1 s and 1 min). */
  private async sweep(client: pg.PoolClient): Promise<void> {
    if (this.retention === "delete") return;
    const every = Math.min(RETENTION_SWEEP_MS, Math.max(this.retention.keepMs, 1000));
    if (Date.now() - this.lastSweep < every) return;
    this.lastSweep = Date.now();
    await client.query(SWEEP, [this.retention.keepMs]);
  }

  /** Holds a LISTEN connection while running; reconnects after losing it. */
  private async listen(): Promise<void> {
    while (!this.stopped) {
      try {
        const client = await checkout(this.pool);
        this.listener = client;
        const lost = new Promise<void>((resolve) => {
          client.once("error", () => resolve());
          client.once("end", () => resolve());
        });
        client.on("notification", () => this.wakeUp(true));
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        // rows committed while nobody listened
        this.wakeUp(true);
        if (!this.stopped) await lost;
        client.removeAllListeners("notification");
        if (this.listener === client) {
          this.listener = undefined;
          client.release(new Error("LISTEN connection lost"));
        }
      } catch (error) {
        if (!this.stopped) this.logger.warn("outbox relay lost its LISTEN connection; polling until it is back", { error: String(error) });
        const client = this.listener;
        this.listener = undefined;
        client?.release(new Error("LISTEN failed"));
      }
      if (!this.stopped) await this.sleep(this.retryDelayMs, false);
    }
  }

  private wakeUp(notified = false): void {
    if (notified) this.notified = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits `ms`, or until woken (notification, stop) when `wakeable`. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      if (wakeable) this.wake = done;
    });
  }
}

export function checkRetention(value: unknown, path: string): void {
  if (value === "delete") return;
  checkOptions(value, { keepMs: duration }, path);
  if (typeof value !== "object" || (value as { keepMs?: unknown }).keepMs === undefined) {
    throw new InvalidOptionsError(path, 'must be "delete" or { keepMs }');
  }
}
