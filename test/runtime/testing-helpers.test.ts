/** eventsmith/testing: what a service's unit tests use. */
import { describe, expect, it } from "vitest";
import { silentLogger } from "eventsmith/runtime";
import { createTestBus, recordingTransport } from "eventsmith/testing";
import { catalog, createEventBus } from "../../generated/index.js";

const graduation = { userId: "user-123", courseId: "course-456", finalScore: 95 };

describe("createTestBus", () => {
  it("reports what happened to a delivered event, retries included, without sleeping through backoffs", async () => {
    const bus = createTestBus(catalog);
    let attempts = 0;
    await bus.subscribe("course.graduated", () => {
      if (++attempts < 3) throw new Error(`flaky ${attempts}`);
    }, { group: "resumes", backoff: [30_000] });
    await bus.subscribe("course.graduated", () => undefined, { group: "ats" });
    const started = Date.now();
    const report = await bus.deliver("course.graduated", graduation);
    expect(Date.now() - started).toBeLessThan(10_000); // the backoff is 30 s: no sleeping through it
    expect(report.deliveries.map((d) => [d.group, d.attempt, d.settlement.kind]).sort()).toEqual([
      ["ats", 1, "ack"],
      ["resumes", 1, "retry"],
      ["resumes", 2, "retry"],
      ["resumes", 3, "ack"],
    ]);
    expect(report.failures.map((d) => d.settlement)).toEqual([
      { kind: "retry", delayMs: 30_000 },
      { kind: "retry", delayMs: 30_000 },
    ]);
    await bus.close();
  });

  it("records what handlers published, typed, until cleared", async () => {
    const bus = createTestBus(catalog, { source: "ats" });
    await bus.subscribe("course.graduated", async (event) => {
      await bus.publish("notification.send", { userId: event.data.userId, title: "Welcome", message: "You are a candidate", type: "success" });
    });
    await bus.deliver("course.graduated", graduation);
    const [notification] = bus.publishedOf("notification.send");
    expect(notification?.data.title).toBe("Welcome");
    expect(notification?.source).toBe("ats");
    expect(bus.published.map((e) => e.type)).toEqual(["course.graduated", "notification.send"]);
    bus.clear();
    expect(bus.published).toEqual([]);
    expect(bus.transport.deliveries).toEqual([]);
    await bus.close();
  });

  it("dead-letters a handler that keeps failing, and says so in the report", async () => {
    const bus = createTestBus(catalog);
    await bus.subscribe("course.graduated", () => {
      throw new Error("always");
    }, { maxDeliver: 2 });
    const report = await bus.deliver("course.graduated", graduation);
    expect(report.failures.map((d) => d.settlement.kind)).toEqual(["retry", "dead-letter"]);
    expect(await bus.deadLetters.list()).toHaveLength(1);
    await bus.close();
  });
});

describe("recordingTransport", () => {
  it("plugs into a generated createEventBus and settles once everything is handled", async () => {
    const transport = recordingTransport();
    const bus = createEventBus({ transport, logger: silentLogger });
    const seen: string[] = [];
    await bus.subscribe("course.*", async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(event.type);
    });
    await bus.publish("course.graduated", graduation);
    await transport.settled();
    expect(seen).toEqual(["course.graduated"]);
    expect(transport.published.map((e) => e.type)).toEqual(["course.graduated"]);
    expect(transport.deliveries.map((d) => d.settlement)).toEqual([{ kind: "ack" }]);
    await bus.close();
  });

  it("waits real backoff delays when asked to", async () => {
    const transport = recordingTransport({ retries: "real" });
    const bus = createEventBus({ transport, logger: silentLogger });
    let attempts = 0;
    await bus.subscribe("course.graduated", () => {
      if (++attempts === 1) throw new Error("once");
    }, { backoff: [50] });
    const started = Date.now();
    await bus.publish("course.graduated", graduation);
    await transport.settled();
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await bus.close();
  });
});
