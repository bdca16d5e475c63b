/**
 * A consumer's reaper, on a timer: claims entries idle longer than the ack timeout (their
 * consumer died, or lost them with a connection) and moves the group's due retries from its
 * delay set to its retry streams.
 */
import type { SubscriptionSpec } from "../../bus/transport.js";
import type { RedisContext } from "./context.js";
import type { Dispatcher } from "./dispatcher.js";
import { claimIdle, type GroupMember } from "./pending-reads.js";
import type { RetryMover } from "./retry-mover.js";

export class Reaper {
  private readonly cursors = new Map<string, string>();
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: RedisContext,
    private readonly spec: SubscriptionSpec,
    private readonly member: GroupMember,
    private readonly streams: readonly string[],
    private readonly retries: RetryMover,
    private readonly dispatcher: Dispatcher,
  ) {}

  start(): void {
    const interval = this.context.options.claimIntervalMs ?? Math.min(5000, Math.max(100, this.spec.ackTimeoutMs / 2));
    this.timer = setInterval(() => void this.reap(), interval);
    void this.reap();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.retries.stop();
  }

  private async reap(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      await this.retries.moveDue();
      for (const stream of this.streams) {
        const free = Math.min(this.dispatcher.free(), this.context.options.readBatch);
        if (free <= 0 || this.stopped) break;
        const cursor = this.cursors.get(stream) ?? "0-0";
        const claimed = await claimIdle(this.context.redis, stream, this.member, this.spec.ackTimeoutMs, cursor, free);
        this.cursors.set(stream, claimed.next);
        if (claimed.lost.length > 0) this.dispatcher.reportLost(stream, claimed.lost);
        for (const entry of claimed.entries) this.dispatcher.enqueue(this.dispatcher.take(stream, entry.id, entry.fields, entry.deliveries));
      }
      this.dispatcher.pump();
    } catch (error) {
      this.context.logger.debug(`redis: reaper of ${this.member.consumer} failed; next round retries`, { error: String(error) });
    } finally {
      this.running = false;
    }
  }
}
