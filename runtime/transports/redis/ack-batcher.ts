/**
 * Batched XACK: acknowledgements settled within one turn of the event loop go out as one
 * `XACK stream group id id …` per stream and group, instead of one command per entry.
 */
import type { RedisClient } from "./context.js";
import type { RedisTransportMetrics } from "./metrics.js";
import type { Persistent } from "./retrying.js";

/** Told when an acknowledgement is recorded (or could not be); an object, not a closure per entry. */
export interface AckOwner<T> {
  settled(token: T, error?: unknown): void;
}

interface Batch {
  stream: string;
  group: string;
  ids: string[];
  owners: AckOwner<unknown>[];
  tokens: unknown[];
}

export class AckBatcher {
  private batches = new Map<string, Batch>();
  private scheduled = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly persistent: Persistent,
    private readonly metrics: RedisTransportMetrics,
  ) {}

  /** Calls `owner.settled(token)` once Redis has recorded the acknowledgement (with the error if it could not). */
  ack<T>(stream: string, group: string, id: string, owner: AckOwner<T>, token: T): void {
    const key = `${stream}\u0000${group}`;
    let batch = this.batches.get(key);
    if (batch === undefined) {
      batch = { stream, group, ids: [], owners: [], tokens: [] };
      this.batches.set(key, batch);
    }
    batch.ids.push(id);
    batch.owners.push(owner as AckOwner<unknown>);
    batch.tokens.push(token);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.batches.values()];
    this.batches.clear();
    for (const { stream, group, ids, owners, tokens } of batches) {
      this.persistent.run("XACK", () => this.redis.xack(stream, group, ...ids)).then(
        () => {
          this.metrics.acked += ids.length;
          for (let i = 0; i < owners.length; i++) owners[i]!.settled(tokens[i]);
        },
        (error: unknown) => {
          for (let i = 0; i < owners.length; i++) owners[i]!.settled(tokens[i], error);
        },
      );
    }
  }
}
