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

/** Durations: per bucket (not cumulative; the last one is +Inf), their sum in seconds and their count. */
export class Durations {
  readonly buckets: Float64Array;
  durationSum = 0;
  durationCount = 0;

  constructor(private readonly bounds: readonly number[]) {
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

  reset(): void {
    this.buckets.fill(0);
    this.durationSum = this.durationCount = 0;
  }
}

/** The counts of one event type in one consumer group (a `bus.reply` group too). */
export class HandleCounts extends Durations {
  acked = 0;
  filtered = 0;
  retried = 0;
  deadLettered = 0;
  /** Requests whose reply handler failed (the error went back to the requester). */
  failed = 0;
  /** Dead letters by code. */
  readonly deadLetters = new Map<string, number>();

  constructor(
    readonly event: string,
    readonly group: string,
    bounds: readonly number[],
  ) {
    super(bounds);
  }

  deadLetter(code: string): void {
    this.deadLettered++;
    this.deadLetters.set(code, (this.deadLetters.get(code) ?? 0) + 1);
  }
}

/** The requests of one event type sent with `bus.request`: outcomes and round-trip times. */
export class RequestCounts extends Durations {
  /** By outcome: `replied`, or the error's code. */
  readonly outcomes = new Map<string, number>();

  constructor(
    readonly event: string,
    bounds: readonly number[],
  ) {
    super(bounds);
  }

  ended(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }
}

/** Every count of one registry (buses sharing a registry add to the same counts). */
export class SeriesTable {
  readonly publishes = new Map<string, PublishCounts>();
  /** Keyed by group, then event. */
  readonly handlings = new Map<string, Map<string, HandleCounts>>();
  readonly requests = new Map<string, RequestCounts>();

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

  request(event: string): RequestCounts {
    let counts = this.requests.get(event);
    if (counts === undefined) this.requests.set(event, (counts = new RequestCounts(event, this.bounds)));
    return counts;
  }

  *allHandlings(): Iterable<HandleCounts> {
    for (const byEvent of this.handlings.values()) yield* byEvent.values();
  }
}
