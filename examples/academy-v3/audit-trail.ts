/**
 * Seed 003's audit trail: every event in a PostgreSQL `system_events` table (the seed's
 * columns and indexes), with `processed_at` / `error` set by the handlers that ran for it.
 * It is an ordinary consumer group on the bus plus a handler wrapper, so it works on any
 * transport and never sits on the publish path.
 */
import type pg from "pg";
import type { BusEvent, EventBus, EventMapBase, Handler, Subscription } from "eventsmith/runtime";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS system_events (
  id UUID PRIMARY KEY,
  type TEXT NOT NULL,
  payload JSONB NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL,
  processed_at TIMESTAMPTZ,
  error TEXT,
  source TEXT,
  tenant_id TEXT,
  correlation_id TEXT,
  causation_id TEXT
);
CREATE INDEX IF NOT EXISTS idx_system_events_type ON system_events(type);
CREATE INDEX IF NOT EXISTS idx_system_events_created_at ON system_events(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_system_events_processed_at ON system_events(processed_at);
CREATE INDEX IF NOT EXISTS idx_system_events_type_created ON system_events(type, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_system_events_errors ON system_events(type) WHERE error IS NOT NULL;
`;

/** One row per event; written idempotently, so redeliveries and either writer going first are fine. */
const UPSERT = `
INSERT INTO system_events (id, type, payload, created_at, source, tenant_id, correlation_id, causation_id, processed_at, error)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE SET
  processed_at = COALESCE(EXCLUDED.processed_at, system_events.processed_at),
  error = COALESCE(EXCLUDED.error, system_events.error)`;

export class AuditTrail {
  constructor(private readonly db: pg.Pool) {}

  async migrate(): Promise<void> {
    await this.db.query(SCHEMA);
  }

  /** Records every event the bus carries, as its own consumer group. */
  attach<M extends EventMapBase>(bus: EventBus<M>): Promise<Subscription> {
    return bus.subscribe(">" as never, ((event: BusEvent) => this.write(event, null, null)) as never, { group: "audit-trail" });
  }

  /** Wraps a handler: its outcome is recorded on the event's row; a failure still fails (and is retried). */
  handler<E extends BusEvent>(handler: Handler<E>): Handler<E> {
    return async (event) => {
      try {
        await handler(event);
      } catch (error) {
        await this.write(event, new Date(), error instanceof Error ? error.message : String(error));
        throw error;
      }
      await this.write(event, new Date(), null);
    };
  }

  private async write(event: BusEvent, processedAt: Date | null, error: string | null): Promise<void> {
    await this.db.query(UPSERT, [
      event.id, event.type, JSON.stringify(event.data), event.time, event.source,
      event.tenantId ?? null, event.correlationId, event.causationId ?? null, processedAt, error,
    ]);
  }
}
