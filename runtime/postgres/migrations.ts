/**
 * Versioned, idempotent DDL: each component (outbox, inbox, audit) has an ordered list of
 * migrations; `migrate` applies the ones not yet recorded in `eventsmith_migrations`, in one
 * transaction under an advisory lock, so services starting at once neither race nor repeat.
 */
import type pg from "pg";
import { inTransaction } from "./transaction.js";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Any constant: the advisory lock all eventsmith migrations take. */
const MIGRATION_LOCK = 0x65766d67;

const LEDGER = `
CREATE TABLE IF NOT EXISTS eventsmith_migrations (
  component TEXT NOT NULL,
  version INTEGER NOT NULL,
  description TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
)`;

/** Applies `component`'s pending migrations; returns the versions applied (none when up to date). */
export async function migrate(pool: pg.Pool, component: string, migrations: readonly Migration[]): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(LEDGER);
    const done = await client.query<{ version: number }>("SELECT version FROM eventsmith_migrations WHERE component = $1", [component]);
    const applied = new Set(done.rows.map((row) => row.version));
    const pending = migrations.filter((migration) => !applied.has(migration.version)).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query("INSERT INTO eventsmith_migrations (component, version, description) VALUES ($1, $2, $3)", [
        component,
        migration.version,
        migration.description,
      ]);
    }
    return pending.map((migration) => migration.version);
  });
}
