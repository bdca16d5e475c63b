/** Audit rows (system_events with their per-group outcomes) as the records `query` returns. */

export interface AuditOutcome {
  group: string;
  processedAt: string;
  /** The last error, or null when the group processed it. */
  error: string | null;
  attempts: number;
}

export interface AuditRecord {
  id: string;
  type: string;
  data: unknown;
  /** The event's time (seed 003's `created_at`). */
  time: string;
  source: string;
  dataschema: string;
  tenantId: string | null;
  correlationId: string;
  causationId: string | null;
  /** Seed 003's columns: the latest outcome's time, and every group's error (null when none failed). */
  processedAt: string | null;
  error: string | null;
  outcomes: AuditOutcome[];
}

export const SELECT_RECORDS = `
SELECT e.id, e.type, e.payload, e.created_at, e.source, e.dataschema, e.tenant_id, e.correlation_id, e.causation_id,
       e.processed_at, e.error,
       COALESCE((SELECT json_agg(json_build_object('group', o.group_name, 'processedAt', o.processed_at, 'error', o.error, 'attempts', o.attempts)
                 ORDER BY o.group_name) FROM system_event_outcomes o WHERE o.event_id = e.id), '[]') AS outcomes
FROM system_events e`;

export interface RecordRow {
  id: string;
  type: string;
  payload: unknown;
  created_at: Date;
  source: string;
  dataschema: string;
  tenant_id: string | null;
  correlation_id: string;
  causation_id: string | null;
  processed_at: Date | null;
  error: string | null;
  outcomes: AuditOutcome[];
}

export function toRecord(row: RecordRow): AuditRecord {
  return {
    id: row.id,
    type: row.type,
    data: row.payload,
    time: row.created_at.toISOString(),
    source: row.source,
    dataschema: row.dataschema,
    tenantId: row.tenant_id,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    processedAt: row.processed_at === null ? null : row.processed_at.toISOString(),
    error: row.error,
    outcomes: row.outcomes.map((outcome) => ({ ...outcome, processedAt: new Date(outcome.processedAt).toISOString() })),
  };
}
