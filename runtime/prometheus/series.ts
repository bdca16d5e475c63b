/**
 * The counts behind the metrics, kept as plain numbers per label set: a publish or a handling adds
 * to a field of an object found once per event (and group), and prom-client only sees them when a
 * scrape asks (see collected-metric.ts). prom-client's own counters hash their labels on every
 * increment, which costs more than an in-process delivery.
 */

/** The counts of one event type's publishes. */
export class PublishCounts {
  published = 0;
  /** Publish errors by code. */
  readonly errors = new Map<string, number>();
  constructor(readonly event: string) {}

  failed(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }
}

/** The counts of one event type in one consumer group. */
export class HandleCounts {
  acked = 0;
  filtered = 0;
  retried = 0;
  deadLettered = 0;
  /** Dead letters by code. */
  readonly deadLetters = new Map<string, number>();
  /** Handler durations: per bucket (not cumulative; the last one is +Inf), their sum in seconds and their count. */
  readonly buckets: Float64Array;
  durationSum = 0;
  durationCount = 0;

  constructor(
    readonly event: string,
    readonly group: string,
    private readonly bounds: readonly number[],
  ) {
    this.buckets = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    this.buckets[i]!++;
    this.durationSum += seconds;
    this.durationCount++;
  }

  deadLetter(code: string): void {
    this.deadLettered++;
    this.deadLetters.set(code, (this.deadLetters.get(code) ?? 0) + 1);
  }
}

/** Every count of one registry (buses sharing a registry add to the same counts). */
export class SeriesTable {
  readonly publishes = new Map<string, PublishCounts>();
  /** Keyed by group, then event. */
  readonly handlings = new Map<string, Map<string, HandleCounts>>();

  constructor(readonly bounds: readonly number[]) {}

  publish(event: string): PublishCounts {
    let counts = this.publishes.get(event);
    if (counts === undefined) this.publishes.set(event, (counts = new PublishCounts(event)));
    return counts;
  }

  handle(event: string, group: string): HandleCounts {
    let byEvent = this.handlings.get(group);
    if (byEvent === undefined) this.handlings.set(group, (byEvent = new Map()));
    let counts = byEvent.get(event);
    if (counts === undefined) byEvent.set(event, (counts = new HandleCounts(event, group, this.bounds)));
    return counts;
  }

  *allHandlings(): Iterable<HandleCounts> {
    for (const byEvent of this.handlings.values()) yield* byEvent.values();
  }
}
