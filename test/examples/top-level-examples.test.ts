/**
 * The runnable examples, run exactly as the README says (`npm run example <file>`) against
 * private brokers, each printing what its header promises.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { REPO_ROOT, run } from "../support/run-command.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

let nats: NatsServer;
let redis: RedisServer;
beforeAll(async () => {
  [nats, redis] = await Promise.all([startNatsServer(), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all([nats?.stop(), redis?.stop()]);
});

const EXAMPLES: { file: string; env: () => Record<string, string>; want: string[] }[] = [
  {
    file: "examples/changemaker-in-process.ts",
    env: () => ({}),
    want: [
      // engagement scoring: a shift signup (20) and a donation (50) by the same volunteer
      "engagement scores: { 'sam@example.org': 70 }",
      "calendar: [ 'Saturday door knocking — Ward 6 @ 2026-04-04T14:00:00.000Z' ]",
      "'shift.created: NON_RETRYABLE n8n webhook returned 410 Gone'",
      "'n8n-webhook >: delivered 3, acked 0, dead-lettered 3'",
    ],
  },
  {
    file: "examples/alumoutreach-nats.ts",
    env: () => ({ NATS_URL: nats.url }),
    want: [
      "workflows: attempt 1 failed\n",
      "workflows: attempt 3 failed\n",
      '"error":{"message":"Failed to process event","code":"PROCESSING_ERROR","attempts":3,',
      "segments notified 1, analytics ingested 2",
    ],
  },
  {
    file: "examples/tekup-redis.ts",
    env: () => ({ REDIS_URL: redis.url }),
    want: [
      "published, lowest priority first: prediction.generated (low), content.generated (normal), lead.created (high), lead.converted (critical)\n",
      "ai-event-processor served them in this order:\n" +
        "  1. lead.converted (critical)\n  2. lead.created (high)\n  3. content.generated (normal)\n  4. prediction.generated (low)\n",
      "crm-sync: lead.scored for lead-123 (tenant-123), correlation follows lead.created\n",
      // tenant-other's lead-999 never reaches the tenant-123 subscription
      "lead-scoring (tenant-123) saw: lead-123 (tenant-123)\n",
      "lead.created status: completed\n",
    ],
  },
];

describe("examples", () => {
  it.each(EXAMPLES)("npm run example $file prints what it shows", ({ file, env, want }) => {
    const { stdout } = run(REPO_ROOT, "npm", ["run", "-s", "example", file], { env: env(), timeoutMs: 60_000 });
    for (const text of want) expect(stdout).toContain(text);
  }, 90_000);
});
