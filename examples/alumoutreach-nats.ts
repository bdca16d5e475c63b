/**
 * Seed 001 (AlumOutreach) on NATS JetStream: stream ALUM_EVENTS and its DLQ provisioned from
 * the catalog, durable consumers named as in the seed, retries [1s, 5s, 30s] with max deliver
 * 3 (shortened here so the demo ends quickly), the DLQ entry in the seed's error structure.
 *
 *   NATS_URL=nats://127.0.0.1:4222 npm run example examples/alumoutreach-nats.ts
 */
import { natsTransport } from "eventsmith/nats";
import { createEventBus } from "../generated/index.js";

const bus = createEventBus({
  transport: natsTransport({ servers: process.env["NATS_URL"] ?? "127.0.0.1:4222" }),
  source: "contacts-service",
});

let segmentsNotified = 0;
const analyticsSeen = new Set<string>();
let finished = () => {};
const done = new Promise<void>((resolve) => (finished = resolve));

// SEGMENTS_CONTACT_CONSUMER: `contact.*` (one token, so not contact.consent.granted).
await bus.subscribe("contact.*", async (event) => {
  segmentsNotified++;
  console.log(`segments: ${event.type} for ${event.data.contactId} (tenant ${event.tenantId})`);
  // a segment rule matched: published inside the handler, so tenant, correlation and causation follow
  if (event.type === "contact.created") {
    await bus.publish("segment.member.added", {
      segmentId: "550e8400-e29b-41d4-a716-446655440010",
      contactId: event.data.contactId,
      reason: "rule_match",
      evaluationId: "550e8400-e29b-41d4-a716-446655440012",
    });
  }
}, { group: "SEGMENTS_CONTACT_CONSUMER" });

// ANALYTICS_INGEST_CONSUMER: everything (`>`), ingested idempotently by event id.
await bus.subscribe(">", (event) => {
  analyticsSeen.add(event.id);
  if (event.type === "segment.member.added") {
    console.log(`analytics: ${event.type}, correlation ${event.correlationId}, caused by ${event.causationId}`);
  }
}, { group: "ANALYTICS_INGEST_CONSUMER" });

// WORKFLOWS_TRIGGER_CONSUMER: its trigger store is down; after 3 deliveries the event goes to the DLQ.
await bus.subscribe("contact.created", (event) => {
  console.log(`workflows: attempt ${event.attempt} failed`);
  if (event.attempt === 3) setTimeout(finished, 500);
  throw new Error("Failed to process event");
}, { group: "WORKFLOWS_TRIGGER_CONSUMER", maxDeliver: 3, backoff: [100, 500] });

const created = await bus.publish("contact.created", {
  contactId: "550e8400-e29b-41d4-a716-446655440001",
  email: "john@example.com",
  phone: "+1234567890",
  source: "website_signup",
  attributes: { company: "Acme Corp" },
}, { tenantId: "tenant-123" });
console.log(`published contact.created ${created.id} (acknowledged by JetStream)`);

await done;
const [dead] = await bus.deadLetters.list({ group: "WORKFLOWS_TRIGGER_CONSUMER" });
console.log("dead letter:", JSON.stringify({ originalEvent: { id: dead?.originalEvent && "id" in dead.originalEvent ? dead.originalEvent.id : undefined }, error: dead?.error }));
console.log(`segments notified ${segmentsNotified}, analytics ingested ${analyticsSeen.size}`);
await bus.deadLetters.purge();
await bus.close();
