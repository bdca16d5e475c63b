/**
 * `eventsmith/postgres`: the transactional outbox, the inbox, seed 003's audit trail and replay,
 * on node-postgres (`pg`, an optional peer dependency).
 */
export { postgresOutbox } from "./outbox.js";
export type { PostgresOutbox, PostgresOutboxOptions, TransactionClient } from "./outbox.js";
export { OutboxRelay, RelayBusFailedError } from "./relay.js";
export type { RelayOptions, RelayStats, Retention } from "./relay.js";
export { postgresInbox } from "./inbox.js";
export type { PostgresInbox, PostgresInboxOptions } from "./inbox.js";
export { postgresAudit } from "./audit.js";
export type { PostgresAudit, PostgresAuditOptions, Queryable } from "./audit.js";
export type { AuditOutcome, AuditRecord } from "./audit-records.js";
export type { AuditFilter } from "./audit-filter.js";
export type { ReplayOptions, ReplayResult } from "./replay.js";
