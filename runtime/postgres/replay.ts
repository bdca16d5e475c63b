/**
 * Replaying audited events: matching rows, oldest first, are published again to a bus. A
 * replayed event gets a new id and keeps the original's id as its causation id (and keeps its
 * correlation id and tenant): with the old id, brokers inside their dedup window and every
 * inbox that processed it would drop it, so a replay would silently do nothing; the causation
 * id links the copy to the original without an envelope attribute transports do not carry.
 */
import type pg from "pg";
import type { EventBus } from "../bus/bus-types.js";
import type { EventMapBase } from "../bus/catalog.js";
import { filterSql, type AuditFilter } from "./audit-filter.js";
import { SELECT_RECORDS, type RecordRow } from "./audit-records.js";

export interface ReplayOptions<M extends EventMapBase> {
  /** The bus to publish to (default: the audit's bus). Its catalog validates the data again. */
  to?: EventBus<M>;
}

export interface ReplayResult {
  replayed: number;
  /** Original id -> the new event's id, oldest first. */
  ids: Array<{ original: string; replay: string }>;
}

const PAGE = 500;

export async function replayEvents<M extends EventMapBase>(
  pool: pg.Pool,
  filter: AuditFilter,
  to: EventBus<M>,
  _options?: ReplayOptions<M>,
): Promise<ReplayResult> {
  const { where, values } = filterSql(filter, "audit.replay filter");
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  const result: ReplayResult = { replayed: 0, ids: [] };
  let after: { time: Date; id: string } | undefined;
  while (result.replayed < limit) {
    const page = [...values];
    let keyset = "";
    if (after !== undefined) {
      page.push(after.time, after.id);
      keyset = ` AND (e.created_at, e.id) > ($${page.length - 1}, $${page.length})`;
    }
    page.push(Math.min(PAGE, limit - result.replayed));
    const rows = await pool.query<RecordRow>(`${SELECT_RECORDS} WHERE ${where}${keyset} ORDER BY e.created_at, e.id LIMIT $${page.length}`, page);
    for (const row of rows.rows) {
      const sent = await to.publish(row.type as never, row.payload as never, {
        correlationId: row.correlation_id,
        causationId: row.id,
        ...(row.tenant_id === null ? {} : { tenantId: row.tenant_id }),
      });
      result.replayed++;
      result.ids.push({ original: row.id, replay: sent.id });
    }
    const last = rows.rows.at(-1);
    if (last === undefined || rows.rows.length < Math.min(PAGE, limit)) break;
    after = { time: last.created_at, id: last.id };
  }
  return result;
}
