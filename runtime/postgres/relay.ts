/**
 * The outbox relay: sends committed outbox rows through the bus's transport, oldest first per
 * ordering key, then deletes them (or marks them published, per retention).
 *
 * Each batch is one transaction: it takes a transaction-scoped advisory lock per ordering key
 * (keys another relay holds are skipped, so several relays share the work without reordering
 * a key), claims the keys' oldest rows `FOR UPDATE SKIP LOCKED`, publishes them and removes
 * them. A relay killed mid-batch leaves its rows in place; the next batch sends them again
 * with the same ids, which the broker deduplicates. It wakes on the NOTIFY the outbox trigger
 * sends at commit and polls as a fallback (a lost notification, a lost LISTEN connection).
 */
import type pg from "pg";
import { InvalidOptionsError } from "../bus/errors.js";
import type { CloudEvent } from "../bus/envelope.js";
import { consoleLogger } from "../bus/logger.js";
import { checkOptions, duration, integer, isObject, type Shape } from "../bus/option-checks.js";
import type { Logger } from "../bus/transport.js";
import { OUTBOX_CHANNEL } from "./schema.js";
import { checkout, rollback } from "./transaction.js";

/** Published rows: deleted, or kept for `keepMs` milliseconds. */
export type Retention = "delete" | { keepMs: number };

export interface RelayOptions {
  /** Rows sent per batch (default 500). */
  batchSize?: number;
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
  keysPerBatch: integer(1),
  pollIntervalMs: duration,
  retryDelayMs: duration,
  logger: isObject,
};

/** The advisory lock class of ordering keys (key = hashtext(ordering_key)). */
const KEY_LOCK_CLASS = 0x65766f62;
const MAX_RETRY_MS = 5000;
const RETENTION_SWEEP_MS = 60_000;

const CLAIM_KEYS = `
SELECT ordering_key FROM (
  SELECT ordering_key, min(seq) AS first FROM eventsmith_outbox
  WHERE published_at IS NULL GROUP BY ordering_key ORDER BY first LIMIT $1
) pending
WHERE pg_try_advisory_xact_lock(${KEY_LOCK_CLASS}, hashtext(ordering_key))`;
const CLAIM_ROWS = `
SELECT seq, envelope FROM eventsmith_outbox
WHERE published_at IS NULL AND ordering_key = ANY($1::text[])
ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED`;
const DELETE_ROWS = "DELETE FROM eventsmith_outbox WHERE seq = ANY($1::bigint[])";
const MARK_ROWS = "UPDATE eventsmith_outbox SET published_at = now() WHERE seq = ANY($1::bigint[])";
const SWEEP = "DELETE FROM eventsmith_outbox WHERE published_at < now() - $1::double precision * interval '1 millisecond'";

export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, batches: 0, failures: 0 };
  private stopped = false;
  private notified = false;
  private wake: (() => void) | undefined;
  private listener: pg.PoolClient | undefined;
  private lastSweep = 0;
  private readonly batchSize: number;
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
    options: RelayOptions = {},
  ) {
    checkOptions(options, OPTIONS, "startRelay options");
    this.batchSize = options.batchSize ?? 500;
    this.keysPerBatch = options.keysPerBatch ?? 64;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.logger = options.logger ?? consoleLogger;
    this.listening = this.listen();
    this.running = this.run();
  }

  /** Stops after the batch in progress (if any) and closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp();
    const listener = this.listener;
    this.listener = undefined;
    listener?.release(new Error("relay stopped"));
    await Promise.all([this.running, this.listening]);
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
        const delay = Math.min(this.retryDelayMs * 2 ** (failures - 1), MAX_RETRY_MS);
        this.logger.warn("outbox relay batch failed; retrying", { error: String(error), delayMs: delay });
        await this.sleep(delay);
        continue;
      }
      if (sent < this.batchSize && !this.notified) await this.sleep(this.pollIntervalMs);
    }
  }

  /** One batch; resolves with the number of rows sent. */
  private async relayBatch(): Promise<number> {
    const client = await checkout(this.pool);
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const keys = await client.query<{ ordering_key: string }>(CLAIM_KEYS, [this.keysPerBatch]);
      if (keys.rows.length === 0) {
        await client.query("COMMIT");
        await this.sweep(client);
        return 0;
      }
      const rows = await client.query<{ seq: string; envelope: CloudEvent }>(CLAIM_ROWS, [keys.rows.map((row) => row.ordering_key), this.batchSize]);
      if (rows.rows.length > 0) {
        await this.send(rows.rows.map((row) => row.envelope));
        await client.query(this.retention === "delete" ? DELETE_ROWS : MARK_ROWS, [rows.rows.map((row) => row.seq)]);
      }
      await client.query("COMMIT");
      this.stats.batches++;
      this.stats.published += rows.rows.length;
      return rows.rows.length;
    } catch (error) {
      broken = await rollback(client, error);
      throw error;
    } finally {
      client.release(broken);
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
