/**
 * `postgresInbox({ pool })`: a subscription's handler runs in a PostgreSQL transaction that
 * first records (group, event id) in `eventsmith_inbox`. The record and the handler's writes
 * (made with `context.tx`) commit together, so a redelivered event finds its record and has no
 * second effect; a handler that throws rolls back both and the bus retries it as usual.
 * A redelivery that arrives while the first delivery is still running waits on the record's
 * row lock, then sees it committed (skips) or rolled back (runs).
 */
import type pg from "pg";
import type { BusEvent } from "../bus/bus-types.js";
import { InvalidOptionsError } from "../bus/errors.js";
import type { Inbox } from "../bus/inbox.js";
import { checkOptions, isObject } from "../bus/option-checks.js";
import type { PostgresAudit } from "./audit.js";
import { migrate } from "./migrations.js";
import { isPool } from "./pool-check.js";
import { INBOX_MIGRATIONS } from "./schema.js";
import { checkout, rollback } from "./transaction.js";

export interface PostgresInboxOptions {
  pool: pg.Pool;
  /** Records each group's outcome in the audit trail: in the handler's transaction when it succeeds, after the rollback when it fails. */
  audit?: PostgresAudit;
}

export interface PostgresInbox extends Inbox<pg.PoolClient> {
  /** Creates or upgrades the inbox table (idempotent, versioned; also done on first use). */
  migrate(): Promise<void>;
}

/**
 * BEGIN and the record in one round trip (a simple-protocol query of two statements, the
 * values as escaped literals), so the inbox costs no more round trips than a plain transaction.
 */
function beginAndRecord(client: pg.PoolClient, group: string, event: BusEvent): string {
  const literal = (value: string) => client.escapeLiteral(value);
  return `BEGIN; INSERT INTO eventsmith_inbox (group_name, event_id, event_type) VALUES (${literal(group)}, ${literal(event.id)}, ${literal(event.type)}) ON CONFLICT DO NOTHING`;
}

export function postgresInbox(options: PostgresInboxOptions): PostgresInbox {
  checkOptions(options, { pool: isPool, audit: isObject }, "postgresInbox options");
  if (options?.pool === undefined) throw new InvalidOptionsError("postgresInbox options.pool", "is required");
  const { pool, audit } = options;
  let migrated: Promise<void> | undefined;
  const ready = () =>
    (migrated ??= migrate(pool, "inbox", INBOX_MIGRATIONS).then(
      () => undefined,
      (error: unknown) => {
        migrated = undefined;
        throw error;
      },
    ));

  return {
    migrate: ready,
    async run(group: string, event: BusEvent, work: (tx: pg.PoolClient) => Promise<void>): Promise<void> {
      await ready();
      const client = await checkout(pool);
      let broken: Error | undefined;
      try {
        const [, recorded] = (await client.query(beginAndRecord(client, group, event))) as unknown as [pg.QueryResult, pg.QueryResult];
        if (recorded.rowCount === 0) {
          // processed before: this is a redelivery
          await client.query("ROLLBACK");
          return;
        }
        await work(client);
        if (audit !== undefined) await audit.recordOutcome(client, group, event, undefined);
        await client.query("COMMIT");
      } catch (error) {
        broken = await rollback(client, error);
        if (audit !== undefined && broken === undefined) {
          await audit.recordOutcome(pool, group, event, error).catch(() => undefined);
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
