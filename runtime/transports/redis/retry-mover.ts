/**
 * Moves a group's due retries from its delay set to its retry streams (MOVE_DUE): on a timer
 * armed for the earliest due retry this process knows of, and whenever the reaper runs (for
 * retries other members scheduled, or left behind when they died).
 */
import { PRIORITIES } from "../../bus/catalog.js";
import type { RedisContext } from "./context.js";
import { MOVE_DUE, runScript } from "./scripts.js";

const MOVE_LIMIT = 512;

export class RetryMover {
  private timer: { at: number; handle: NodeJS.Timeout } | undefined;
  private stopped = false;
  private readonly keys: string[];

  constructor(
    private readonly context: RedisContext,
    redisGroup: string,
  ) {
    const { keys } = context;
    this.keys = [keys.delay(redisGroup), ...PRIORITIES.map((priority) => keys.retry(redisGroup, priority))];
  }

  async moveDue(): Promise<void> {
    for (;;) {
      const [moved, now, next] = await runScript<[number, string, string]>(this.context.redis, MOVE_DUE, this.keys, [MOVE_LIMIT]);
      if (moved >= MOVE_LIMIT) continue;
      // The server's clock scored the retries: wait by its reckoning.
      if (next !== "") this.schedule(Number(next) - Number(now));
      return;
    }
  }

  /** Runs moveDue after `delayMs`, unless an earlier run is already armed. */
  schedule(delayMs: number): void {
    if (this.stopped) return;
    const wait = Math.max(0, delayMs);
    const at = Date.now() + wait;
    if (this.timer !== undefined) {
      if (this.timer.at <= at) return;
      clearTimeout(this.timer.handle);
    }
    const handle = setTimeout(() => {
      this.timer = undefined;
      this.moveDue().catch((error: unknown) =>
        this.context.logger.debug("redis: moving due retries failed; the reaper retries", { error: String(error) }),
      );
    }, wait);
    this.timer = { at, handle };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer.handle);
  }
}
