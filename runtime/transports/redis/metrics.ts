/** Counters of one Redis transport (the bus keeps the per-subscription stats; these are the broker's side). */
export interface RedisTransportMetrics {
  /** Entries added by publish. */
  published: number;
  /** Publishes dropped because the event id was seen within the dedup window. */
  duplicates: number;
  /** Deliveries handed to subscriptions (including redeliveries). */
  delivered: number;
  /** Deliveries of entries re-read after a reconnect or claimed from a dead consumer. */
  redelivered: number;
  acked: number;
  retried: number;
  deadLettered: number;
  /** Entries of other tenants acknowledged without delivery by tenant-scoped subscriptions. */
  filtered: number;
  /** Pending entries that were trimmed before anyone acknowledged them: lost, and logged. */
  lost: number;
  /** Stream entries removed by trimming (all acknowledged by every group). */
  trimmed: number;
  /** Times a connection came back after being lost. */
  reconnects: number;
}

export function emptyMetrics(): RedisTransportMetrics {
  return {
    published: 0,
    duplicates: 0,
    delivered: 0,
    redelivered: 0,
    acked: 0,
    retried: 0,
    deadLettered: 0,
    filtered: 0,
    lost: 0,
    trimmed: 0,
    reconnects: 0,
  };
}
