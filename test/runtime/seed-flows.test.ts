/**
 * Real flows from the seeds, run through the generated SDK of catalog/ on the in-process
 * transport: seed 003's graduation (one publish, three subscribers, a failing one
 * isolated) and seed 000's wildcard listener with the bus's stats.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "./eventually.js";
import { silentLogger, type EventBus } from "eventsmith/runtime";
import { createTestBus } from "eventsmith/testing";
import { catalog, createEventBus, type EventMap } from "../../generated/index.js";

const catalogJson = JSON.parse(readFileSync(new URL("../../generated/catalog.json", import.meta.url), "utf8")) as {
  events: { name: string; examples: { payload: unknown }[] }[];
};

/** The catalog's own example payload of an event (checked against its schema by codegen). */
function example<K extends keyof EventMap>(name: K): EventMap[K] {
  const event = catalogJson.events.find((e) => e.name === name);
  if (event?.examples[0] === undefined) throw new Error(`the catalog has no example for ${name}`);
  return structuredClone(event.examples[0].payload) as EventMap[K];
}

const buses: EventBus<EventMap>[] = [];
function open(source: string): EventBus<EventMap> {
  const bus = createEventBus({ source, logger: silentLogger });
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

describe("seed 003: a graduation reaches every module", () => {
  it("one publish, three subscribers; the failing one is retried, dead-lettered and affects no other", async () => {
    const bus = open("academy");
    const roles = new Map<string, string>();
    const pods = new Map<string, string>();
    let resumeAttempts = 0;
    await bus.subscribe("course.graduated", async (event) => {
      roles.set(event.data.userId, "candidate");
    }, { group: "ats" });
    const companions = await bus.subscribe("course.graduated", async () => {
      resumeAttempts++;
      throw new Error("resume generator unavailable");
    }, { group: "companions", backoff: [10], maxDeliver: 2 });
    await bus.subscribe("course.graduated", async (event) => {
      pods.set(event.data.userId, "pod-7");
      await bus.publish("notification.send", {
        userId: "senior-1",
        title: "New Pod Member",
        message: `${event.data.userId} joined your pod`,
        type: "info",
      });
    }, { group: "trikala" });
    const notifications: { message: string; correlationId: string; causationId: string | undefined }[] = [];
    await bus.subscribe("notification.send", (event) => {
      notifications.push({ message: event.data.message, correlationId: event.correlationId, causationId: event.causationId });
    }, { group: "notifications" });

    const graduated = await bus.publish("course.graduated", { userId: "user-123", courseId: "course-456", finalScore: 95 });

    await eventually(async () => expect(await bus.deadLetters.list({ group: companions.group })).toHaveLength(1));
    await eventually(() => expect(notifications).toHaveLength(1));
    expect(roles.get("user-123")).toBe("candidate");
    expect(pods.get("user-123")).toBe("pod-7");
    expect(notifications).toEqual([{ message: "user-123 joined your pod", correlationId: graduated.id, causationId: graduated.id }]);
    expect(resumeAttempts).toBe(2);
    const [dead] = await bus.deadLetters.list({ group: companions.group });
    expect(dead).toMatchObject({
      originalEvent: { id: graduated.id, type: "course.graduated" },
      error: { message: "resume generator unavailable", code: "PROCESSING_ERROR", attempts: 2 },
    });
    const stats = Object.fromEntries(bus.stats().subscriptions.map((s) => [s.group, s]));
    expect(stats["ats"]).toMatchObject({ delivered: 1, acked: 1, failed: 0 });
    expect(stats["trikala"]).toMatchObject({ delivered: 1, acked: 1, failed: 0 });
    expect(stats["companions"]).toMatchObject({ delivered: 2, acked: 0, failed: 2, retried: 1, deadLettered: 1 });
    expect(bus.stats().events["course.graduated"]).toEqual({ published: 1, rejected: 0 });
  });

  it("unit-tests a module the way seed 003's MockEventBus meant to, with eventsmith/testing", async () => {
    const bus = createTestBus(catalog);
    const candidates: string[] = [];
    // The module under test: the ATS grants the candidate role and tells the recruiters.
    await bus.subscribe("course.graduated", async (event) => {
      candidates.push(event.data.userId);
      await bus.publish("notification.send", { userId: "recruiters", title: "New candidate", message: event.data.userId, type: "success" });
    });

    const report = await bus.deliver("course.graduated", { userId: "user-123", courseId: "course-456", finalScore: 95 });

    expect(candidates).toEqual(["user-123"]);
    expect(report.failures).toEqual([]);
    expect(bus.publishedOf("notification.send").map((e) => [e.data.message, e.causationId])).toEqual([["user-123", report.event.id]]);
    await bus.close();
  });
});

describe("seed 000: in-process listeners with wildcards and stats", () => {
  it("a wildcard listener forwards every event while per-module listeners get theirs; stats count both", async () => {
    const bus = open("changemaker-api");
    const forwarded: string[] = [];
    const calendar: string[] = [];
    const signups: string[] = [];
    await bus.subscribe(">", (event) => void forwarded.push(event.type), { group: "n8n-webhook" });
    await bus.subscribe("shift.*", (event) => void calendar.push(event.type), { group: "calendar-sync" });
    await bus.subscribe("shift.signup.>", (event) => void signups.push(event.data.volunteerEmail ?? ""), { group: "listmonk" });

    await bus.publish("shift.created", example("shift.created"));
    await bus.publish("shift.signup.created", example("shift.signup.created"));
    await bus.publish("shift.updated", example("shift.updated"));
    await bus.publish("donation.completed", example("donation.completed"));
    await bus.publish("shift.deleted", example("shift.deleted"));

    await eventually(() => expect(forwarded).toHaveLength(5));
    await eventually(() => expect(calendar).toHaveLength(3));
    expect(forwarded.sort()).toEqual(["donation.completed", "shift.created", "shift.deleted", "shift.signup.created", "shift.updated"]);
    expect(calendar.sort()).toEqual(["shift.created", "shift.deleted", "shift.updated"]);
    expect(signups).toEqual(["sam@example.org"]);

    const stats = bus.stats();
    const published = Object.entries(stats.events).filter(([, counters]) => counters.published > 0);
    expect(Object.fromEntries(published)).toEqual({
      "donation.completed": { published: 1, rejected: 0 },
      "shift.created": { published: 1, rejected: 0 },
      "shift.deleted": { published: 1, rejected: 0 },
      "shift.signup.created": { published: 1, rejected: 0 },
      "shift.updated": { published: 1, rejected: 0 },
    });
    expect(stats.subscriptions.map(({ pattern, delivered, acked, inFlight }) => ({ pattern, delivered, acked, inFlight }))).toEqual([
      { pattern: ">", delivered: 5, acked: 5, inFlight: 0 },
      { pattern: "shift.*", delivered: 3, acked: 3, inFlight: 0 },
      { pattern: "shift.signup.>", delivered: 1, acked: 1, inFlight: 0 },
    ]);
  });
});
