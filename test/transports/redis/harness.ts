/**
 * Shared setup for the Redis transport tests: one private server per test file, a fresh
 * namespace per bus (tests never see each other's keys), and a raw ioredis client for
 * looking at (or tampering with) what the transport wrote.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { createBus, silentLogger, type EventBus, type Logger } from "eventsmith/runtime";
import { redisTransport, type RedisTransport, type RedisTransportOptions } from "eventsmith/redis";
import { catalog, type EventMap } from "../../fixtures/runtime/catalog.js";
import { startRedisServer, type RedisServer } from "../../support/redis-server.js";

export interface Harness {
  server: RedisServer;
  raw: Redis;
  /** A bus on a new namespace unless `namespace` is given. */
  bus(options?: RedisTransportOptions, logger?: Logger): { bus: EventBus<EventMap>; transport: RedisTransport; namespace: string };
  close(): Promise<void>;
}

let namespaces = 0;

export async function startHarness(): Promise<Harness> {
  const server = await startRedisServer();
  const raw = new Redis(server.port, "127.0.0.1");
  raw.on("error", () => undefined); // fault tests kill the server under it; it reconnects
  const buses: EventBus<EventMap>[] = [];
  return {
    server,
    raw,
    bus(options = {}, logger = silentLogger) {
      const namespace = options.namespace ?? `t${process.pid}-${++namespaces}`;
      const transport = redisTransport({ connection: server.url, maintenanceIntervalMs: 200, ...options, namespace });
      const bus = createBus(catalog, { transport, source: "redis-tests", logger });
      buses.push(bus);
      return { bus, transport, namespace };
    },
    async close() {
      await Promise.allSettled(buses.map((bus) => bus.close()));
      raw.disconnect();
      await server.stop();
    },
  };
}

/** A harness for the whole test file: started before its tests, closed after them. */
export function useHarness(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness());
  });
  afterAll(async () => {
    await harness.close();
  });
  return harness;
}

/** Resolves once `predicate` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A logger that keeps what it is told, for asserting on warnings and errors. */
export function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(fields === undefined ? { level, message } : { level, message, fields });
  return { lines, debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
}

export const contact = (n: number) => ({
  contactId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  email: `c${n}@example.com`,
});
