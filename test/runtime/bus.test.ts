/** The bus itself, beyond what the conformance suite checks on every transport. */
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "./eventually.js";
import {
  BusClosedError,
  createBus,
  EventsmithError,
  HandlerTimeoutError,
  InvalidOptionsError,
  memoryTransport,
  PublishValidationError,
  RequestReplyUnsupportedError,
  UnknownEventError,
  type Delivery,
  type EventBus,
  type Logger,
  type SettlementSink,
  type Transport,
} from "eventsmith/runtime";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";
import { sample } from "../fixtures/runtime/samples.js";

const buses: EventBus<EventMap>[] = [];
function open(transport: Transport = memoryTransport(), logger: Logger = recordingLogger().logger): EventBus<EventMap> {
  const bus = createBus(catalog, { transport, logger, source: "bus-test" });
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") } satisfies Logger };
}

describe("publish", () => {
  it("wraps the data in a CloudEvents 1.0 envelope", async () => {
    const bus = createBus(catalog, { transport: memoryTransport() });
    buses.push(bus);
    const data = sample("order.placed");
    const event = await bus.publish("order.placed", data);
    expect({ ...event }).toEqual({
      id: event.id,
      source: "runtime-fixture",
      type: "order.placed",
      time: event.time,
      specversion: "1.0",
      datacontenttype: "application/json",
      dataschema: "runtime-fixture/order.placed/1.0",
      correlationid: event.id,
      data,
    });
    expect(Date.parse(event.time)).toBeGreaterThan(Date.now() - 5000);
  });

  it("takes ids and context from meta", async () => {
    const bus = open();
    const meta = { id: "evt-1", tenantId: "t-1", correlationId: "c-1", causationId: "k-1", traceparent: "00-abc-def-01" };
    const event = await bus.publish("order.placed", sample("order.placed"), meta);
    expect(event).toMatchObject({ id: "evt-1", tenantid: "t-1", correlationid: "c-1", causationid: "k-1", traceparent: "00-abc-def-01" });
  });

  it.each([
    { name: "unknown event", call: (bus: EventBus<EventMap>) => bus.publish("order.lost" as never, {} as never), want: UnknownEventError },
    { name: "unknown meta key", call: (bus: EventBus<EventMap>) => bus.publish("order.placed", sample("order.placed"), { tenant: "x" } as never), want: InvalidOptionsError },
    { name: "invalid payload", call: (bus: EventBus<EventMap>) => bus.publish("order.placed", { orderId: 1 } as never), want: PublishValidationError },
    { name: "batch that is not an array", call: (bus: EventBus<EventMap>) => bus.publishMany("x" as never), want: InvalidOptionsError },
  ])("rejects (never throws) on $name", async ({ call, want }) => {
    const bus = open();
    let result: Promise<unknown> | undefined;
    expect(() => (result = call(bus))).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(want);
  });

  it("lists every violation of every item in one error", async () => {
    const bus = open();
    const error = await bus
      .publishMany([
        { name: "order.placed", data: { orderId: "", amount: -1, currency: "euro" } },
        { name: "order.shipped", data: sample("order.shipped") },
        { name: "alert.raised", data: { alertId: "a", severity: "loud" } as never },
      ])
      .then(() => undefined, (e: unknown) => e as PublishValidationError);
    expect(error).toBeInstanceOf(PublishValidationError);
    expect(error?.message).toBe(
      [
        "[0] order.placed: /orderId must NOT have fewer than 1 characters; /amount must be >= 0; /currency must match pattern \"^[A-Z]{3}$\"",
        "[2] alert.raised: /severity must be equal to one of the allowed values",
      ].join("\n"),
    );
    expect(bus.stats().events["order.shipped"]).toEqual({ published: 0, rejected: 0 });
  });

  it("publishes a batch as one and resolves with every envelope", async () => {
    const bus = open();
    const received: string[] = [];
    await bus.subscribe("order.>", (event) => void received.push(event.id), { concurrency: 1 });
    const sent = await bus.publishMany([
      { name: "order.placed", data: sample("order.placed", 1) },
      { name: "order.shipped", data: sample("order.shipped", 1), meta: { tenantId: "t" } },
    ]);
    await eventually(() => expect(received).toEqual(sent.map((e) => e.id)));
    expect(sent[1]).toMatchObject({ type: "order.shipped", tenantid: "t" });
    expect(await bus.publishMany([])).toEqual([]);
  });

  it("waits for the transport to start, and reports a failed start to every caller", async () => {
    let release!: () => void;
    const slow = memoryTransport();
    const start = slow.start.bind(slow);
    slow.start = (context) => new Promise((resolve) => (release = () => resolve(start(context))));
    const bus = open(slow);
    expect((await bus.health()).status).toBe("starting");
    const published = bus.publish("order.placed", sample("order.placed"));
    release();
    await expect(published).resolves.toMatchObject({ type: "order.placed" });

    const broken = memoryTransport();
    broken.start = () => Promise.reject(new Error("broker unreachable"));
    const failed = open(broken);
    await expect(failed.publish("order.placed", sample("order.placed"))).rejects.toThrow("broker unreachable");
    await expect(failed.subscribe("order.placed", () => undefined)).rejects.toThrow("broker unreachable");
    expect(await failed.health()).toMatchObject({ ok: false, status: "failed" });
  });
});

describe("handlers", () => {
  it("times out a handler: the attempt fails with TIMEOUT and its late result is ignored", async () => {
    const bus = open();
    const attempts: number[] = [];
    let lateResults = 0;
    const sub = await bus.subscribe("order.placed", async (event) => {
      attempts.push(event.attempt);
      await new Promise((resolve) => setTimeout(resolve, 200));
      lateResults++;
    }, { timeout: 30, maxDeliver: 2, backoff: [5] });
    await bus.publish("order.placed", sample("order.placed"));
    await eventually(async () => expect(await bus.deadLetters.list({ group: sub.group })).toHaveLength(1));
    const [dead] = await bus.deadLetters.list({ group: sub.group });
    expect(dead!.error).toMatchObject({ code: "TIMEOUT", attempts: 2, message: new HandlerTimeoutError(30).message });
    expect(attempts).toEqual([1, 2]);
    // Both timed-out handlers have now returned: their late results reached the bus, which ignored them.
    await eventually(() => expect(lateResults).toBe(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(bus.stats().subscriptions[0]).toMatchObject({ delivered: 2, failed: 2, retried: 1, deadLettered: 1, acked: 0, inFlight: 0 });
  });

  it("runs synchronous handlers, and treats a throwing filter or predicate as a failed attempt", async () => {
    const { lines, logger } = recordingLogger();
    const bus = open(memoryTransport(), logger);
    const seen: number[] = [];
    const sub = await bus.subscribe("order.placed", (event) => void seen.push(event.data.amount), {
      filter: (event) => {
        if (event.data.amount === 13) throw new Error("unlucky");
        return true;
      },
      maxDeliver: 2,
      backoff: [1],
      nonRetryable: () => {
        throw new Error("predicate bug");
      },
    });
    await bus.publish("order.placed", { ...sample("order.placed"), amount: 12 });
    await bus.publish("order.placed", { ...sample("order.placed"), amount: 13 });
    await eventually(async () => expect(await bus.deadLetters.list({ group: sub.group })).toHaveLength(1));
    expect(seen).toEqual([12]);
    expect(lines).toContain("error nonRetryable predicate threw; treating the error as retryable");
  });

  it("tells the broker that long handlers are still working", async () => {
    const transport = memoryTransport();
    const subscribeInProcess = transport.subscribeInProcess.bind(transport);
    let beats = 0;
    transport.subscribeInProcess = (spec, consumer) =>
      subscribeInProcess(spec, { deliver: (delivery, sink) => consumer.deliver({ ...delivery, event: delivery.event, working: () => void beats++ }, settledAs(delivery, sink)) });
    const bus = open(transport);
    // The handler finishes only once it has been heartbeaten three times (every ackTimeoutMs / 3).
    await bus.subscribe("order.placed", () => eventually(() => expect(beats).toBeGreaterThanOrEqual(3)), { ackTimeoutMs: 60 });
    await bus.publish("order.placed", sample("order.placed"));
    await eventually(() => expect(bus.stats().subscriptions[0]!.acked).toBe(1));
  });

  it("lets handlers publish while the bus drains, and refuses everyone else", async () => {
    const bus = open();
    let release!: () => void;
    const follow: string[] = [];
    await bus.subscribe("order.placed", async () => {
      await new Promise<void>((resolve) => (release = resolve));
      await bus.publish("order.shipped", sample("order.shipped"));
    });
    await bus.subscribe("order.shipped", (event) => void follow.push(event.type));
    await bus.publish("order.placed", sample("order.placed"));
    await eventually(() => expect(release).toBeTypeOf("function"));
    const closed = bus.close();
    await expect(bus.publish("order.placed", sample("order.placed"))).rejects.toBeInstanceOf(BusClosedError);
    expect((await bus.health()).status).toBe("closing");
    release();
    await closed;
    expect(follow).toEqual(["order.shipped"]);
  });

  it("refuses a group whose members would consume different events", async () => {
    const bus = open();
    await bus.subscribe("order.placed", () => undefined, { group: "billing" });
    await expect(bus.subscribe("order.>", () => undefined, { group: "billing" })).rejects.toThrow(
      new EventsmithError('group "billing" already consumes [order.placed]; every member must subscribe to the same events', "GROUP_MISMATCH"),
    );
    expect(bus.stats().subscriptions).toHaveLength(1);
  });
});

describe("request/reply", () => {
  it("refuses a reply that is not one of the request's declared replies, or is invalid", async () => {
    const bus = open();
    const responder = await bus.reply("quote.requested", () => ({ name: "order.placed", data: sample("order.placed") }));
    await expect(bus.request("quote.requested", sample("quote.requested"))).rejects.toThrow(
      '"order.placed" is not a declared reply of "quote.requested" (quote.issued)',
    );
    await responder.unsubscribe();
    await bus.reply("quote.requested", () => ({ name: "quote.issued", data: { productId: "p", price: -1 } }));
    await expect(bus.request("quote.requested", sample("quote.requested"))).rejects.toBeInstanceOf(PublishValidationError);
  });

  it("passes a responder's error to the requester, and validates the request first", async () => {
    const bus = open();
    await bus.reply("quote.requested", () => {
      throw new Error("out of stock");
    });
    await expect(bus.request("quote.requested", sample("quote.requested"))).rejects.toThrow("out of stock");
    await expect(bus.request("quote.requested", { productId: "p", quantity: 0 })).rejects.toBeInstanceOf(PublishValidationError);
  });
});

describe("the transport contract", () => {
  it("runs on a transport with only the core (no health, no request/reply), through plain subscribe and publish", async () => {
    const memory = memoryTransport();
    const core: Transport = {
      name: "core",
      capabilities: { ...memory.capabilities, requestReply: false },
      start: (context) => memory.start(context),
      publish: (events) => memory.publish(events),
      subscribe: (spec, handler) => memory.subscribe(spec, handler),
      deadLetters: memory.deadLetters,
      close: () => memory.close(),
    };
    const bus = open(core);
    const seen: string[] = [];
    const sub = await bus.subscribe("order.placed", (event) => {
      seen.push(event.id);
      if (seen.length === 1) throw new Error("first attempt fails");
    }, { backoff: [0] });
    const event = await bus.publish("order.placed", sample("order.placed"));
    await eventually(() => expect(seen).toEqual([event.id, event.id]));
    await eventually(() => expect(bus.stats().subscriptions[0]).toMatchObject({ id: sub.id, delivered: 2, retried: 1, acked: 1 }));
    expect(await bus.health()).toMatchObject({ ok: true, status: "open", transport: { ok: true, status: "connected" } });
    await expect(bus.request("quote.requested", { productId: "p", quantity: 1 })).rejects.toBeInstanceOf(RequestReplyUnsupportedError);
  });
});

describe("deliveries the subscription did not ask for", () => {
  it("dead-letters an event type outside the subscription (a transport bug or a foreign producer)", async () => {
    const transport = memoryTransport();
    const subscribeInProcess = transport.subscribeInProcess.bind(transport);
    transport.subscribeInProcess = (spec, consumer) =>
      subscribeInProcess(spec, {
        deliver: (delivery, sink) => consumer.deliver({ ...delivery, working: () => undefined, event: { ...delivery.event, type: "order.shipped" } }, settledAs(delivery, sink)),
      });
    const bus = open(transport);
    const sub = await bus.subscribe("order.placed", () => undefined);
    await bus.publish("order.placed", sample("order.placed"));
    await eventually(async () => expect(await bus.deadLetters.list({ group: sub.group })).toHaveLength(1));
    const [dead] = await bus.deadLetters.list({ group: sub.group });
    expect(dead!.error).toMatchObject({ code: "UNKNOWN_EVENT", message: 'event type "order.shipped" is not one of this subscription\'s events' });
  });
});

/** A sink that settles `delivery` (the transport's own object) when the bus settles the altered copy it was given. */
function settledAs(delivery: Delivery, sink: SettlementSink): SettlementSink {
  return { settled: (_, settlement) => sink.settled(delivery, settlement) };
}
