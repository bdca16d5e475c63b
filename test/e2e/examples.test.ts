/**
 * The example programs (one per seed system) run as a user runs them, as child processes,
 * against private brokers and a throwaway PostgreSQL schema; their output is the proof.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

const ROOT = resolve(import.meta.dirname, "../..");

async function example(file: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--conditions=eventsmith-source", "--import", "tsx", resolve(ROOT, "examples", file)],
    { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
  );
  return stdout;
}

describe("examples", () => {
  let nats: NatsServer;
  let redis: RedisServer;
  let postgres: PostgresServer;
  beforeAll(async () => {
    [nats, redis, postgres] = await Promise.all([startNatsServer(), startRedisServer(), startPostgresServer()]);
  });
  afterAll(async () => {
    await Promise.all([nats?.stop(), redis?.stop(), postgres?.stop()]);
  });

  it("seed 000, in process: wildcard listeners, weighted scores, an isolated failing listener", async () => {
    const out = await example("changemaker-in-process.ts");
    expect(out).toContain("engagement scores: { 'sam@example.org': 70 }");
    expect(out).toContain("Saturday door knocking — Ward 6 @ 2026-04-04T14:00:00.000Z");
    expect(out.match(/NON_RETRYABLE n8n webhook returned 410 Gone/g)).toHaveLength(3);
    expect(out).toContain("n8n-webhook >: delivered 3, acked 0, dead-lettered 3");
    expect(out).toContain("calendar-sync shift.*: delivered 1, acked 1, dead-lettered 0"); // one level: not shift.signup.created
  });

  it("seed 001, NATS JetStream: durable consumers, correlation through handlers, DLQ after 3 deliveries", async () => {
    const out = await example("alumoutreach-nats.ts", { NATS_URL: nats.url });
    expect(out).toMatch(/workflows: attempt 3 failed/);
    expect(out).toMatch(/"error":\{"message":"Failed to process event","code":"PROCESSING_ERROR","attempts":3,"lastAttempt":"[^"]+"\}/);
    const published = /published contact.created (\S+)/.exec(out)![1];
    expect(out).toContain(`analytics: segment.member.added, correlation ${published}, caused by ${published}`);
    expect(out).toContain("segments notified 1, analytics ingested 2");
  });

  it("seed 002, Redis Streams: priority order, tenant isolation, a chained event keeping correlation, event status", async () => {
    const out = await example("tekup-redis.ts", { REDIS_URL: redis.url });
    expect(out).toContain("published, lowest priority first: prediction.generated (low), content.generated (normal), lead.created (high), lead.converted (critical)\n");
    expect(out).toContain(
      "ai-event-processor served them in this order:\n" +
        "  1. lead.converted (critical)\n  2. lead.created (high)\n  3. content.generated (normal)\n  4. prediction.generated (low)\n",
    );
    expect(out).toContain("crm-sync: lead.scored for lead-123 (tenant-123), correlation follows lead.created\n");
    expect(out).toContain("lead-scoring (tenant-123) saw: lead-123 (tenant-123)\n"); // tenant-other's lead-999 never arrives
    expect(out).toContain("lead.created status: completed\n");
  });

  it("seed 003 on eventsmith/postgres: outbox, inboxes and the system_events audit trail", async () => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query("CREATE DATABASE academy");
    await admin.end();
    const out = await example("academy-v3/graduation.ts", { DATABASE_URL: postgres.url.replace(/\/postgres$/, "/academy") });
    expect(out).toContain("candidate status: bench");
    expect(out).toContain("pod members: [ { pod_id: 'pod-7', user_id: 'user-123' } ]");
    expect(out).toContain("notifications: [ 'New Pod Member: user-123 joined your pod' ]");
    expect(out).toContain("dead letters: [ 'companions: PROCESSING_ERROR after 2 attempts' ]");
    expect(out).toContain("who graduated: { type: 'course.graduated', userId: 'user-123', sameEvent: true }");
    expect(out).toContain("outcomes: ats: ok (attempt 1); companions: resume generator unavailable (attempt 2); trikala: ok (attempt 1)");
    expect(out).toContain("failed handlers: companions: resume generator unavailable");
    expect(out).toContain("audit trail of the graduation: [ 'course.graduated', 'notification.send' ]");
  });
});
