/**
 * `eventsmith/redis`: the Redis Streams transport (redis-server 7.0+, ioredis 5).
 *
 * ```ts
 * import { redisTransport } from "eventsmith/redis";
 * const transport = redisTransport({ connection: "redis://127.0.0.1:6379" });
 * const bus = createEventBus({ transport, source: "leads-service" });
 * // later: await transport.eventStatus(eventId) -> { status: "completed", groups: { scoring: "completed" } }
 * ```
 *
 * Delivery is at-least-once with explicit XACK; see transport.ts and the files it wires for
 * the key layout (keys.ts), the atomic scripts (scripts.ts) and crash recovery (read-loop.ts, reaper.ts).
 */
import type { RedisTransportOptions } from "./options.js";
import { RedisTransport } from "./transport.js";

export function redisTransport(options: RedisTransportOptions = {}): RedisTransport {
  return new RedisTransport(options);
}

export { RedisTransport } from "./transport.js";
export type { RedisTransportOptions } from "./options.js";
export type { RedisTransportMetrics } from "./metrics.js";
export type { EventStatus, EventStatusReport } from "./event-status.js";
