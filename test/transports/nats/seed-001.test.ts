/**
 * Seed 001 on the generated SDK: the catalog's own NATS settings (ALUM_EVENTS, 7 days,
 * 10GB, ALUM_EVENTS_DLQ on `dlq.`), a durable SEGMENTS_CONTACT_CONSUMER on `contact.*`, and a
 * failing consumer whose event reaches the DLQ after maxDeliver 3 with seed 001's structure.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { nanos } from "@nats-io/nats-core";
import { natsTransport } from "eventsmith/nats";
import { silentLogger } from "eventsmith/runtime";
import { createEventBus } from "../../../generated/index.js";
import { startHarness, until, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test("contacts-service publishes contact.created; segments gets it, a failing workflow consumer dead-letters it", async () => {
  const bus = createEventBus({ transport: natsTransport({ servers: h.server.url }), source: "contacts-service", logger: silentLogger });
  try {
    const segments: string[] = [];
    await bus.subscribe("contact.*", (event) => void segments.push(event.type), { group: "SEGMENTS_CONTACT_CONSUMER" });
    await bus.subscribe("contact.created", () => { throw new Error("Failed to process event"); }, {
      group: "WORKFLOWS_TRIGGER_CONSUMER",
      maxDeliver: 3,
      backoff: [10, 20],
    });
    const sent = await bus.publish(
      "contact.created",
      { contactId: "550e8400-e29b-41d4-a716-446655440001", email: "john@example.com", source: "website_signup" },
      { tenantId: "tenant-123", correlationId: "550e8400-e29b-41d4-a716-446655440000" },
    );
    await until("segments to get it", () => segments.length === 1);
    await until("the dead letter", async () => (await bus.deadLetters.list()).length === 1);

    const events = await h.jsm.streams.info("ALUM_EVENTS");
    expect(events.config).toMatchObject({ retention: "limits", max_age: nanos(7 * 86_400_000), max_bytes: 10 * 2 ** 30, duplicate_window: nanos(120_000) });
    expect(events.config.subjects).toContain("contact.>");
    const dlq = await h.jsm.streams.getMessage("ALUM_EVENTS_DLQ", { seq: 1 });
    expect(dlq!.subject).toBe("dlq.contact.created");
    expect(dlq!.json()).toEqual({
      originalEvent: { ...sent },
      error: { message: "Failed to process event", code: "PROCESSING_ERROR", attempts: 3, lastAttempt: expect.any(String) },
    });
    expect((await bus.deadLetters.list())[0]).toMatchObject({ group: "WORKFLOWS_TRIGGER_CONSUMER", originalEvent: { tenantid: "tenant-123" } });
  } finally {
    await bus.close();
  }
});
