/**
 * Seed 002 (Tekup) on Redis Streams: priorities served strictly in order (critical, high,
 * normal, low from the catalog's `x-priority`), a tenant-scoped subscription that never sees
 * another tenant's events, a handler chaining `lead.scored` with correlation kept, and event
 * status tracking (pending, processing, completed, failed) by event id.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npm run example examples/tekup-redis.ts
 */
import { redisTransport } from "eventsmith/redis";
import { createEventBus } from "../generated/index.js";

const transport = redisTransport({ connection: process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379" });
const bus = createEventBus({ transport, source: "ai-proposal-engine" });

// Published before anyone listens, so the processor finds a backlog: high-priority events first.
await bus.publish("content.generated", {
  contentId: "content-123",
  type: "blog",
  platform: "linkedin",
  title: "AI in Business Automation",
  wordCount: 1200,
  seoScore: 85,
}, { tenantId: "tenant-123" });
const lead = await bus.publish("lead.created", {
  leadId: "lead-123", source: "referral", score: 85, contactId: "contact-456", companyId: "company-789",
}, { tenantId: "tenant-123" });
await bus.publish("lead.created", {
  leadId: "lead-999", source: "website", score: 40, contactId: "contact-999",
}, { tenantId: "tenant-other" });

const order: string[] = [];
let finished = () => {};
const done = new Promise<void>((resolve) => (finished = resolve));

// The AI event processor: one group over both events, one at a time, so priority order shows.
await bus.subscribe("*.generated", (event) => void order.push(`${event.type} (${event.tenantId})`), { group: "ai-event-processor", concurrency: 1 });
await bus.subscribe("lead.created", async (event) => {
  order.push(`${event.type} (${event.tenantId})`);
  // lead scoring (seed 002 example handler): a high score publishes lead.scored, for the same tenant
  if (event.data.score > 80) {
    await bus.publish("lead.scored", {
      leadId: event.data.leadId,
      previousScore: event.data.score,
      newScore: 92,
      factors: [{ factor: "company_size", impact: 15, confidence: 0.9 }],
    });
  }
}, { group: "lead-scoring", tenantId: "tenant-123", concurrency: 1 });

await bus.subscribe("lead.scored", (event) => {
  console.log(`lead.scored for ${event.data.leadId} (${event.tenantId}): correlation ${event.correlationId === lead.id ? "follows lead.created" : "LOST"}`);
  finished();
}, { group: "crm-sync", tenantId: "tenant-123" });

await done;
console.log("tenant-123 lead scoring saw:", order.filter((o) => o.startsWith("lead.")));
console.log("lead.created status:", (await transport.eventStatus(lead.id))?.status);
await bus.close();
