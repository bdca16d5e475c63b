/**
 * `postgresAudit({ pool, bus })`: seed 003's `system_events` as a feature. `attach()` records
 * every event the bus carries, once, as its own consumer group (so it works on any transport
 * and never sits on the publish path), and attaches to the bus as an instrumentation that
 * records every subscription's outcome per group (processed at, error; see audit-outcomes.ts);
 * `postgresInbox({ pool, audit })` records its success inside the handler's transaction. `query` reads it back by type pattern,
 * tenant, correlation id and time; `replay` publishes matching events again (see replay.ts).
 */
import type pg from "pg";
import type { BusEvent, EventBus, Subscription } from "../bus/bus-types.js";
import type { EventMapBase } from "../bus/catalog.js";
import { InvalidOptionsError } from "../bus/errors.js";
import { checkOptions, isGroup, isObject } from "../bus/option-checks.js";
import { filterSql, type AuditFilter } from "./audit-filter.js";
import { auditOutcomes } from "./audit-outcomes.js";
import { SELECT_RECORDS, toRecord, type AuditRecord, type RecordRow } from "./audit-records.js";
import { migrate } from "./migrations.js";
import { isPool } from "./pool-check.js";
import { preparedBus } from "./prepared-bus.js";
import { replayEvents, type ReplayOptions, type ReplayResult } from "./replay.js";
import { AUDIT_MIGRATIONS } from "./schema.js";

export interface PostgresAuditOptions<M extends EventMapBase> {
  pool: pg.Pool;
  bus: EventBus<M>;
  /** The consumer group that records events (default `eventsmith-audit`). */
  group?: string;
}

/** Anything that runs a query: a pool or a client in a transaction. */
export type Queryable = Pick<pg.Pool, "query">;

export interface PostgresAudit<M extends EventMapBase = EventMapBase> {
  migrate(): Promise<void>;
  /** Starts recording every event of the bus and every group's outcome; resolves once subscribed. Once per audit. */
  attach(): Promise<Subscription>;
  query(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Publishes the matching events again, oldest first, to `options.to` (default: this audit's bus). */
  replay(filter: AuditFilter, options?: ReplayOptions<M>): Promise<ReplayResult>;
  /** Records `group`'s outcome for `event` (`error` undefined: processed). Used by postgresInbox. */
  recordOutcome(db: Queryable, group: string, event: BusEvent, error: unknown): Promise<void>;
}

const RECORD_EVENT = {
  name: "eventsmith-audit-record",
  text: `INSERT INTO system_events (id, type, payload, created_at, source, dataschema, tenant_id, correlation_id, causation_id, traceparent)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
};
const RECORD_OUTCOME = {
  name: "eventsmith-audit-outcome",
  text: `INSERT INTO system_event_outcomes (event_id, group_name, processed_at, error, attempts) VALUES ($1, $2, now(), $3, $4)
ON CONFLICT (event_id, group_name) DO UPDATE SET processed_at = EXCLUDED.processed_at, error = EXCLUDED.error, attempts = EXCLUDED.attempts`,
};
const ERRORS = "(SELECT string_agg(group_name || ': ' || error, '; ' ORDER BY group_name) FROM system_event_outcomes WHERE event_id = $1 AND error IS NOT NULL)";
const SUMMARISE = {
  name: "eventsmith-audit-summary",
  text: `INSERT INTO system_events (id, type, payload, created_at, source, dataschema, tenant_id, correlation_id, causation_id, traceparent, processed_at, error)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), ${ERRORS})
ON CONFLICT (id) DO UPDATE SET processed_at = now(), error = ${ERRORS}`,
};

export function postgresAudit<M extends EventMapBase>(options: PostgresAuditOptions<M>): PostgresAudit<M> {
  checkOptions(options, { pool: isPool, bus: isObject, group: isGroup }, "postgresAudit options");
  if (options?.pool === undefined || options.bus === undefined) throw new InvalidOptionsError("postgresAudit options", "needs pool and bus");
  const { pool, bus } = options;
  const group = options.group ?? "eventsmith-audit";
  const audit: PostgresAudit<M> = {
    async migrate() {
      await migrate(pool, "audit", AUDIT_MIGRATIONS);
    },
    attach() {
      const record = async (event: BusEvent) => void (await pool.query({ ...RECORD_EVENT, values: eventValues(event) }));
      preparedBus(bus, "postgresAudit options.bus").instrument(auditOutcomes((outcomeGroup, event, error) => audit.recordOutcome(pool, outcomeGroup, event, error), group));
      return bus.subscribe(">" as never, record as never, { group });
    },
    async query(filter) {
      const { where, values } = filterSql(filter, "audit.query filter");
      values.push(filter?.limit ?? 100);
      const result = await pool.query<RecordRow>(`${SELECT_RECORDS} WHERE ${where} ORDER BY e.created_at, e.id LIMIT $${values.length}`, values);
      return result.rows.map(toRecord);
    },
    replay(filter, replayOptions) {
      return replayEvents(pool, filter, replayOptions?.to ?? bus, replayOptions);
    },
    async recordOutcome(db, outcomeGroup, event, error) {
      const message = error === undefined ? null : error instanceof Error ? error.message : String(error);
      await db.query({ ...RECORD_OUTCOME, values: [event.id, outcomeGroup, message, event.attempt] });
      await db.query({ ...SUMMARISE, values: eventValues(event) });
    },
  };
  return audit;
}

function eventValues(event: BusEvent): unknown[] {
  return [
    event.id,
    event.type,
    JSON.stringify(event.data),
    event.time,
    event.source,
    event.dataschema,
    event.tenantId ?? null,
    event.correlationId,
    event.causationId ?? null,
    event.traceparent ?? null,
  ];
}
