/**
 * Periodic housekeeping of one transport, on its command connection:
 * - trims the event streams it publishes to or reads from (TRIM: only entries past the
 *   retention that every group has acknowledged);
 * - keeps its fan-out groups' heartbeats alive, and removes fan-out groups whose process died
 *   without unsubscribing (their position would otherwise hold back trimming forever);
 * - expires dead letters past their TTL.
 */
import type { RedisContext } from "./context.js";
import { destroyGroup, groupInfos } from "./groups.js";
import type { RedisDeadLetters } from "./dead-letters.js";
import type { GroupMeta } from "./keys.js";
import { runScript, TRIM } from "./scripts.js";

export class Maintenance {
  /** Event streams this transport touched. */
  readonly streams = new Set<string>();
  private readonly fanOutGroups = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly aliveTtlMs: number;

  constructor(
    private readonly context: RedisContext,
    private readonly deadLetters: RedisDeadLetters,
  ) {
    this.aliveTtlMs = Math.max(3 * context.options.maintenanceIntervalMs, 30_000);
  }

  start(): void {
    this.timer = setInterval(() => void this.run(), this.context.options.maintenanceIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async markAlive(redisGroup: string): Promise<void> {
    this.fanOutGroups.add(redisGroup);
    await this.context.redis.set(this.context.keys.alive(redisGroup), "1", "PX", this.aliveTtlMs);
  }

  forget(redisGroup: string): void {
    this.fanOutGroups.delete(redisGroup);
  }

  /** One round; rounds never overlap. */
  run(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const { redis, keys, metrics, options, logger } = this.context;
    try {
      await Promise.all([...this.fanOutGroups].map((group) => redis.set(keys.alive(group), "1", "PX", this.aliveTtlMs)));
      for (const stream of this.streams) {
        await this.removeAbandoned(stream);
        metrics.trimmed += await runScript<number>(redis, TRIM, [stream], [options.retentionMs]);
      }
      await this.deadLetters.expire(this.context);
    } catch (error) {
      logger.warn("redis: maintenance round failed; the next one retries", { error: String(error) });
    }
  }

  private async removeAbandoned(stream: string): Promise<void> {
    const { redis, keys, logger } = this.context;
    const names = (await groupInfos(this.context, stream)).map((info) => String(info["name"]));
    if (names.length === 0) return;
    const metas = await redis.hmget(keys.groups(), ...names);
    for (const [i, name] of names.entries()) {
      const raw = metas[i];
      if (raw == null || this.fanOutGroups.has(name)) continue;
      const meta = JSON.parse(raw) as GroupMeta;
      if (meta.durable || (await redis.exists(keys.alive(name))) === 1) continue;
      logger.info(`redis: removing fan-out group ${name}: its subscriber stopped without unsubscribing`, { streams: meta.streams });
      await destroyGroup(this.context, name, meta.streams);
    }
  }
}
