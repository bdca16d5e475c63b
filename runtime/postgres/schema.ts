/**
 * The tables of eventsmith/postgres, as versioned migrations (see migrations.ts). A new
 * version is appended, never edited: databases that ran the old one only get the new step.
 */
import type { Migration } from "./migrations.js";

/** The channel the outbox trigger notifies at commit; relays LISTEN on it. */
export const OUTBOX_CHANNEL = "eventsmith_outbox";

export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "outbox table, pending index and commit-time notification",
    sql: `
CREATE TABLE eventsmith_outbox (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  ordering_key TEXT NOT NULL,
  envelope JSON NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ
);
CREATE INDEX eventsmith_outbox_pending ON eventsmith_outbox (ordering_key, seq) WHERE published_at IS NULL;
CREATE INDEX eventsmith_outbox_published ON eventsmith_outbox (published_at) WHERE published_at IS NOT NULL;
CREATE FUNCTION eventsmith_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
  RETURN NULL;
END $$;
CREATE TRIGGER eventsmith_outbox_notify AFTER INSERT ON eventsmith_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION eventsmith_outbox_notify();`,
  },
];

export const INBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "inbox: (group, event id) processed",
    sql: `
CREATE TABLE eventsmith_inbox (
  group_name TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (group_name, event_id)
);
CREATE INDEX eventsmith_inbox_processed_at ON eventsmith_inbox (processed_at);`,
  },
];

/**
 * Seed 003's system_events with its indexes. Deviations: `id` is TEXT (an event id given to
 * publish need not be a UUID, and no event may be lost for it); `created_by` has no foreign
 * key (user_profiles is the application's); the envelope attributes are columns of their own.
 */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "seed 003 system_events and per-group outcomes",
    sql: `
CREATE TABLE system_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  payload JSONB NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL,
  processed_at TIMESTAMPTZ,
  error TEXT,
  created_by UUID,
  ip_address INET,
  user_agent TEXT,
  source TEXT NOT NULL,
  dataschema TEXT NOT NULL,
  tenant_id TEXT,
  correlation_id TEXT NOT NULL,
  causation_id TEXT,
  traceparent TEXT,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_system_events_type ON system_events(type);
CREATE INDEX idx_system_events_created_at ON system_events(created_at DESC);
CREATE INDEX idx_system_events_processed_at ON system_events(processed_at);
CREATE INDEX idx_system_events_type_created ON system_events(type, created_at DESC);
CREATE INDEX idx_system_events_errors ON system_events(type) WHERE error IS NOT NULL;
CREATE INDEX idx_system_events_tenant_created ON system_events(tenant_id, created_at DESC);
CREATE INDEX idx_system_events_correlation ON system_events(correlation_id);
CREATE TABLE system_event_outcomes (
  event_id TEXT NOT NULL,
  group_name TEXT NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL,
  error TEXT,
  attempts INTEGER NOT NULL,
  PRIMARY KEY (event_id, group_name)
);`,
  },
];
