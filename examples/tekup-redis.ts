/**
 * Seed 002 (Tekup) on Redis Streams: priorities served strictly in order (critical, high,
 * normal, low from the catalog's `x-priority`), a tenant-scoped subscription that never sees
 * another tenant's events, a handler chaining `lead.scored` with correlation kept, and event
 * status tracking (pending, processing, completed, failed) by event id.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npm run example examples/tekup-redis.ts
 */
import { redisTransport } from "eventsmith/redis";
import { catalog, createEventBus, type EventName } from "../generated/index.js";

// A namespace of its own per run, so earlier runs' events and groups never mix into this one.
const transport = redisTransport({
  connection: process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379",
  namespace: `tekup-example-${Date.now()}`,
});
const bus = createEventBus({ transport, source: "ai-proposal-engine" });
const priorityOf = (type: EventName) => catalog.events[type].priority ?? "normal";

// A backlog published lowest priority first, before the AI event processor runs.
const backlog = [
  await bus.publish("prediction.generated", {
    predictionId: "pred-1", modelId: "model-7", type: "churn", confidence: 0.82, input: { accountId: "acc-1" }, output: { churn: true },
  }, { tenantId: "tenant-123" }),
  await bus.publish("content.generated", {
    contentId: "content-123", type: "blog", platform: "linkedin", title: "AI in Business Automation", wordCount: 1200, seoScore: 85,
  }, { tenantId: "tenant-123" }),
  await bus.publish("lead.created", {
    leadId: "lead-123", source: "referral", score: 85, contactId: "contact-456", companyId: "company-789",
  }, { tenantId: "tenant-123" }),
  await bus.publish("lead.converted", {
    leadId: "lead-077", dealId: "deal-9", conversionValue: 48_000, conversionTime: 86_400_000, touchpoints: ["website", "demo", "proposal"],
  }, { tenantId: "tenant-123" }),
];
await bus.publish("lead.created", { leadId: "lead-999", source: "website", score: 40, contactId: "contact-999" }, { tenantId: "tenant-other" });
console.log(`published, lowest priority first: ${backlog.map((e) => `${e.type} (${priorityOf(e.type)})`).join(", ")}`);

let finish = () => {};
const chained = new Promise<void>((resolve) => (finish = resolve));
const served: string[] = [];
let backlogServed = () => {};
const processed = new Promise<void>((resolve) => (backlogServed = resolve));
const backlogIds = new Set(backlog.map((e) => e.id));

// The AI event processor reads every event, one at a time: the backlog comes out by priority.
await bus.subscribe(">", (event) => {
  if (!backlogIds.delete(event.id)) return;
  served.push(`${event.type} (${priorityOf(event.type)})`);
  if (backlogIds.size === 0) backlogServed();
}, { group: "ai-event-processor", concurrency: 1 });
await processed;
console.log("ai-event-processor served them in this order:");
served.forEach((line, i) => console.log(`  ${i + 1}. ${line}`));

// Lead scoring for tenant-123 only: tenant-other's lead.created never reaches it.
const scoringSaw: string[] = [];
await bus.subscribe("lead.created", async (event) => {
  scoringSaw.push(`${event.data.leadId} (${event.tenantId})`);
  if (event.data.score > 80) {
    // published inside the handler: tenant, correlation and causation follow
    await bus.publish("lead.scored", {
      leadId: event.data.leadId, previousScore: event.data.score, newScore: 92,
      factors: [{ factor: "company_size", impact: 15, confidence: 0.9 }],
    });
  }
}, { group: "lead-scoring", tenantId: "tenant-123", concurrency: 1 });

const leadCreated = backlog[2]!;
await bus.subscribe("lead.scored", (event) => {
  console.log(`crm-sync: lead.scored for ${event.data.leadId} (${event.tenantId}), correlation ${event.correlationId === leadCreated.id ? "follows lead.created" : "LOST"}`);
  finish();
}, { group: "crm-sync", tenantId: "tenant-123" });

await chained;
console.log(`lead-scoring (tenant-123) saw: ${scoringSaw.join(", ")}`);
console.log(`lead.created status: ${(await transport.eventStatus(leadCreated.id))?.status}`);
await bus.close();
