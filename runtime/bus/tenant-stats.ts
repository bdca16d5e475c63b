/**
 * Per-tenant counters behind `bus.stats({ tenantId })` (seed 002's `getMetrics(tenantId)`).
 * Only events that carry a tenant id are counted here, so a bus without tenants does no work.
 * Tenants are kept in process memory, never in metric labels.
 */
import type { TenantStats } from "./bus-types.js";

export class TenantTally {
  published = 0;
  processed = 0;
  failed = 0;
  /** Total handler time of processed and failed handlings, in milliseconds. */
  handlingMs = 0;
}

export class TenantStatsTable {
  private readonly tallies = new Map<string, TenantTally>();

  tally(tenantId: string): TenantTally {
    let tally = this.tallies.get(tenantId);
    if (tally === undefined) this.tallies.set(tenantId, (tally = new TenantTally()));
    return tally;
  }

  snapshot(tenantId: string): TenantStats {
    const tally = this.tallies.get(tenantId) ?? new TenantTally();
    const handled = tally.processed + tally.failed;
    return {
      tenantId,
      published: tally.published,
      processed: tally.processed,
      failed: tally.failed,
      averageProcessingMs: handled === 0 ? 0 : tally.handlingMs / handled,
    };
  }
}
