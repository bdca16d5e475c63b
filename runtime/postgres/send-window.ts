/**
 * The relay's sender: batches pushed in order are sent in chunks (issued in order) with up to
 * `inFlight` events unacknowledged, and the window does not drain between batches, so the
 * broker stays as busy as with direct publishing. `push` resolves once every event of that
 * batch is acknowledged; after any failure every later batch fails too (the relay rolls back
 * and sends them all again, deduplicated by id).
 */
import type { CloudEvent } from "../bus/envelope.js";

/** Events per transport.publish call: one Redis script call, or that many concurrent JetStream publishes. */
const CHUNK = 8;

interface Chunk {
  events: readonly CloudEvent[];
  batch: Batch;
}

interface Batch {
  remaining: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SendWindow {
  private readonly chunks: Chunk[] = [];
  private next = 0;
  private failure: unknown;
  private failed = false;
  private closed = false;
  private waiting: (() => void)[] = [];
  private readonly workers: Promise<void>[];
  private readonly chunkSize: number;

  constructor(
    private readonly send: (events: readonly CloudEvent[]) => Promise<void>,
    inFlight: number,
  ) {
    this.chunkSize = Math.min(CHUNK, inFlight);
    this.workers = Array.from({ length: Math.ceil(inFlight / this.chunkSize) }, () => this.work());
  }

  push(events: readonly CloudEvent[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failure);
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const batch: Batch = { remaining: 0, resolve, reject };
      for (let start = 0; start < events.length; start += this.chunkSize) {
        batch.remaining++;
        this.chunks.push({ events: events.slice(start, start + this.chunkSize), batch });
      }
      this.wakeUp();
    });
  }

  /** Stops the workers once nothing is left to send; resolves when they have stopped. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeUp();
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    for (;;) {
      const chunk = this.chunks[this.next];
      if (chunk === undefined) {
        if (this.closed) return;
        await new Promise<void>((resolve) => this.waiting.push(resolve));
        continue;
      }
      this.chunks[this.next++] = undefined as never; // sent chunks are not kept
      if (this.failed) {
        chunk.batch.reject(this.failure);
        continue;
      }
      try {
        await this.send(chunk.events);
        if (--chunk.batch.remaining === 0) chunk.batch.resolve();
      } catch (error) {
        if (!this.failed) {
          this.failed = true;
          this.failure = error;
        }
        chunk.batch.reject(error);
      }
    }
  }

  /** Releases every idle worker: each takes a chunk or waits again. */
  private wakeUp(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
