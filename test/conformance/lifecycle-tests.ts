/** Conformance: flow control, subscription and bus lifecycle, context propagation, stats, request/reply, crashes. */
import { expect, it } from "vitest";
import { AbortedError, BusClosedError, isInProcess, RequestReplyUnsupportedError, silentLogger, type Delivery, type Transport } from "eventsmith/runtime";
import { sample } from "../fixtures/runtime/samples.js";
import { catalog } from "../fixtures/runtime/catalog.js";
import { gate, sleep, unique, waitFor, type Harness } from "./harness.js";

export function lifecycleTests(h: Harness): void {
  it("the same misuse gets the same error: used before start, started twice, used after close", async () => {
    const transport = await h.options.createTransport();
    const context = { catalog, logger: silentLogger };
    const codeOf = (work: () => Promise<unknown>) => work().then(() => "resolved", (error: { code?: string }) => error.code);
    expect(await codeOf(() => transport.publish([]))).toBe("TRANSPORT_NOT_STARTED");
    await transport.start(context);
    expect(await codeOf(() => transport.start(context))).toBe("TRANSPORT_STARTED");
    await transport.close();
    expect(await codeOf(() => transport.publish([]))).toBe("BUS_CLOSED");
    expect(await codeOf(() => transport.start(context))).toBe("TRANSPORT_STARTED");
  });

  it("delivers nothing new while a subscription's unacknowledged events are at its limit, nor redelivers long handlers", async () => {
    const { bus, transport } = await h.open();
    const beats = heartbeats(transport);
    const hold = gate();
    let running = 0;
    let most = 0;
    const attempts: number[] = [];
    await bus.subscribe("order.placed", async (event) => {
      attempts.push(event.attempt);
      most = Math.max(most, ++running);
      await hold.promise;
      running--;
    }, { concurrency: 3, ackTimeoutMs: 500 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => bus.publish("order.placed", sample("order.placed", i))));
    await waitFor(() => running === 3, "3 handlers running");
    // Absence cannot be polled for: hold past three ack timeouts, where a broker would redeliver,
    // counted by the bus's own heartbeat timer (one beat per third of an ack timeout), so the
    // wait proves that timer fired instead of hoping a sleep was long enough.
    const beaten = () => [...beats.values()].filter((n) => n >= 9).length;
    await waitFor(() => beaten() === 3, () => `9 heartbeats for each held delivery (${[...beats.values()].join(", ")})`, 30_000);
    expect(attempts).toEqual([1, 1, 1]);
    hold.open();
    await waitFor(() => attempts.length >= 10 && running === 0, () => `10 deliveries (got ${attempts.length})`);
    expect(most).toBe(3);
    expect(attempts).toEqual(Array(10).fill(1));
  });

  it("loses nothing across unsubscribe and resubscribe of a group", async () => {
    const { bus } = await h.open();
    const tenant = unique("tenant");
    const group = unique("resubscribe");
    const received = new Set<string>();
    const handler = async (event: { id: string }) => {
      await sleep(1);
      received.add(event.id);
    };
    // An event already on its way to the old member when it unsubscribes (on a cluster it can still be
    // in a route between nodes) comes back after the ack timeout: nothing is lost, it is at most that late.
    const options = { group, tenantId: tenant, concurrency: 2, ackTimeoutMs: 3000 } as const;
    const first = await bus.subscribe("order.placed", handler, options);
    const publish = (from: number, count: number) =>
      Promise.all(Array.from({ length: count }, (_, i) => bus.publish("order.placed", sample("order.placed", from + i), { tenantId: tenant })));
    const before = await publish(0, 60);
    await waitFor(() => received.size >= 20, "20 events before unsubscribing");
    await first.unsubscribe();
    const between = await publish(60, 20);
    await bus.subscribe("order.placed", handler, options);
    const ids = [...before, ...between].map((event) => event.id);
    await waitFor(() => ids.every((id) => received.has(id)), () => `all 80 events (got ${received.size})`);
  });

  it("closes concurrently and idempotently, then refuses new work", async () => {
    const { bus } = await h.open();
    const started = gate();
    const hold = gate();
    let finished = 0;
    await bus.subscribe("order.placed", async () => {
      started.open();
      await hold.promise;
      finished++;
    });
    await bus.publish("order.placed", sample("order.placed"));
    await started.promise;
    const closing = [bus.close(), bus.close(), bus.close()];
    setTimeout(hold.open, 20);
    await Promise.all(closing);
    expect(finished).toBe(1);
    await expect(bus.close()).resolves.toBeUndefined();
    await expect(bus.publish("order.placed", sample("order.placed"))).rejects.toBeInstanceOf(BusClosedError);
    await expect(bus.subscribe("order.placed", () => undefined)).rejects.toBeInstanceOf(BusClosedError);
    expect((await bus.health()).status).toBe("closed");
  });

  it("close flushes pending publishes", async () => {
    const { bus } = await h.open();
    const tenant = unique("tenant");
    const received = new Set<string>();
    if (!h.caps.persistent) await bus.subscribe("order.placed", (event) => void received.add(event.id));
    const publishes = Array.from({ length: 50 }, (_, i) => bus.publish("order.placed", sample("order.placed", i), { tenantId: tenant }));
    await bus.close();
    const ids = (await Promise.all(publishes)).map((event) => event.id);
    if (h.caps.persistent) {
      // A later service sees them all: they reached the broker before close resolved.
      const { bus: later } = await h.open();
      await later.subscribe("order.placed", (event) => void received.add(event.id), { group: unique("later"), tenantId: tenant });
      await waitFor(() => ids.every((id) => received.has(id)), () => `all 50 events (got ${received.size})`);
    } else {
      expect(ids.filter((id) => !received.has(id))).toEqual([]);
    }
  });

  it("drains in-flight handlers on close", async () => {
    const { bus } = await h.open();
    const tenant = unique("tenant");
    const group = unique("drain");
    const started = gate();
    const hold = gate();
    const log: string[] = [];
    await bus.subscribe("order.placed", async () => {
      started.open();
      await hold.promise;
      log.push("handler done");
    }, { group, tenantId: tenant });
    await bus.publish("order.placed", sample("order.placed"), { tenantId: tenant });
    await started.promise;
    const closed = bus.close().then(() => log.push("closed"));
    await sleep(50);
    expect(log).toEqual([]);
    hold.open();
    await closed;
    expect(log).toEqual(["handler done", "closed"]);
    if (h.caps.persistent) {
      // It was acknowledged: the group's next member gets only what comes next.
      const { bus: next } = await h.open();
      const received: string[] = [];
      await next.subscribe("order.placed", (event) => void received.push(event.id), { group, tenantId: tenant });
      const sentinel = await next.publish("order.placed", sample("order.placed", 1), { tenantId: tenant });
      await waitFor(() => received.includes(sentinel.id), "the sentinel");
      expect(received).toEqual([sentinel.id]);
    }
  });

  it("stops a subscription when its abort signal fires", async () => {
    const { bus } = await h.open();
    const controller = new AbortController();
    const aborted: string[] = [];
    const witness: string[] = [];
    await bus.subscribe("order.placed", (event) => void aborted.push(event.id), { signal: controller.signal });
    await bus.subscribe("order.placed", (event) => void witness.push(event.id));
    await bus.publish("order.placed", sample("order.placed"));
    await waitFor(() => aborted.length === 1 && witness.length === 1, "the first event on both subscriptions");
    controller.abort();
    await waitFor(() => bus.stats().subscriptions.length === 1, "the aborted subscription to end");
    await bus.publish("order.placed", sample("order.placed", 2));
    await waitFor(() => witness.length === 2, "the second event on the witness");
    expect(aborted).toHaveLength(1);
    await expect(bus.subscribe("order.placed", () => undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
  });

  it("propagates correlation and causation through handlers", async () => {
    const { bus } = await h.open();
    const tenant = unique("tenant");
    const seen: { type: string; id: string; correlationId: string; causationId: string | undefined; tenantId: string | undefined }[] = [];
    const record = (event: (typeof seen)[number]) =>
      seen.push({ type: event.type, id: event.id, correlationId: event.correlationId, causationId: event.causationId, tenantId: event.tenantId });
    await bus.subscribe("course.graduated", async (event) => {
      record(event);
      await sleep(5); // across an await, without passing anything
      await bus.publish("notification.send", sample("notification.send"));
    });
    await bus.subscribe("notification.send", async (event) => {
      record(event);
      await new Promise((resolve) => setImmediate(resolve));
      await bus.publish("report.generated", sample("report.generated"));
    });
    await bus.subscribe("report.generated", (event) => void record(event));
    const root = await bus.publish("course.graduated", sample("course.graduated"), { tenantId: tenant });
    await waitFor(() => seen.length >= 3, "three hops");
    const [graduated, notification, report] = seen;
    expect(root.correlationid).toBe(root.id);
    expect(graduated).toEqual({ type: "course.graduated", id: root.id, correlationId: root.id, causationId: undefined, tenantId: tenant });
    expect(notification).toMatchObject({ type: "notification.send", correlationId: root.id, causationId: root.id, tenantId: tenant });
    expect(report).toMatchObject({ type: "report.generated", correlationId: root.id, causationId: notification!.id, tenantId: tenant });
    const explicit = await bus.publish("order.placed", sample("order.placed"), { correlationId: "request-42" });
    expect(explicit).toMatchObject({ correlationid: "request-42" });
    expect(explicit.causationid).toBeUndefined();
  });

  it("accounts published events and every subscription's deliveries in stats", async () => {
    const { bus } = await h.open();
    const failedOnce = new Set<string>();
    const a = await bus.subscribe("order.>", (event) => {
      if (failedOnce.size === 0) {
        failedOnce.add(event.id);
        throw new Error("first one fails");
      }
    }, { backoff: [10], maxDeliver: 3, concurrency: 1 });
    const b = await bus.subscribe("order.>", () => undefined, { filter: (event) => event.type === "order.placed" });
    for (let i = 0; i < 3; i++) await bus.publish("order.placed", sample("order.placed", i));
    for (let i = 0; i < 2; i++) await bus.publish("order.shipped", sample("order.shipped", i));
    await bus.publish("order.placed", { orderId: "" } as never).catch(() => undefined);
    const statsOf = (id: string) => bus.stats().subscriptions.find((s) => s.id === id)!;
    await waitFor(() => statsOf(a.id).acked === 5 && statsOf(b.id).acked + statsOf(b.id).filtered === 5, () => JSON.stringify(bus.stats().subscriptions));
    const stats = bus.stats();
    expect(stats.events["order.placed"]).toEqual({ published: 3, rejected: 1 });
    expect(stats.events["order.shipped"]).toEqual({ published: 2, rejected: 0 });
    expect(stats.events["contact.created"]).toEqual({ published: 0, rejected: 0 });
    expect(statsOf(a.id)).toEqual({
      id: a.id, pattern: "order.>", group: a.group,
      delivered: 6, acked: 5, retried: 1, deadLettered: 0, failed: 1, filtered: 0, inFlight: 0,
    });
    expect(statsOf(b.id)).toMatchObject({ delivered: 5, acked: 3, filtered: 2, retried: 0, failed: 0, inFlight: 0 });
    expect(await bus.health()).toMatchObject({ ok: true, status: "open", subscriptions: 2, transport: { ok: true } });
  });

  it.skipIf(!h.caps.requestReply)("answers requests with validated, correlated replies (capability: requestReply)", async () => {
    const { bus } = await h.open();
    await expect(bus.request("quote.requested", sample("quote.requested"), { timeoutMs: 500 })).rejects.toMatchObject({ code: "NO_RESPONDERS" });
    const responder = await bus.reply("quote.requested", (request) => ({
      name: "quote.issued",
      data: { productId: request.data.productId, price: 2.5 * request.data.quantity },
    }));
    const reply = await bus.request("quote.requested", { productId: "p-1", quantity: 4 }, { timeoutMs: 2000, meta: { correlationId: "checkout-7" } });
    expect(reply.type).toBe("quote.issued");
    if (reply.type === "quote.issued") expect(reply.data).toEqual({ productId: "p-1", price: 10 });
    expect(reply.correlationId).toBe("checkout-7");
    expect(reply.causationId).toBeDefined();
    await responder.unsubscribe();
    await bus.reply("quote.requested", () => new Promise(() => undefined));
    await expect(bus.request("quote.requested", sample("quote.requested"), { timeoutMs: 100 })).rejects.toMatchObject({ code: "REQUEST_TIMEOUT" });
    await expect(
      bus.request("quote.requested", sample("quote.requested"), { timeoutMs: 1000, signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortedError);
  });

  it.skipIf(h.caps.requestReply)("refuses request/reply with a typed error (capability: requestReply absent)", async () => {
    const { bus } = await h.open();
    await expect(bus.request("quote.requested", sample("quote.requested"))).rejects.toBeInstanceOf(RequestReplyUnsupportedError);
    await expect(bus.reply("quote.requested", () => ({ name: "quote.issued", data: sample("quote.issued") }))).rejects.toBeInstanceOf(
      RequestReplyUnsupportedError,
    );
  });

  it.skipIf(!h.caps.crashRecovery)("redelivers a crashed consumer's unacknowledged events to its group (capability: crashRecovery)", async () => {
    const crash = h.options.crash;
    if (crash === undefined) throw new Error(`${h.options.name} declares crashRecovery but the suite was given no crash() hook`);
    const tenant = unique("tenant");
    const group = unique("crash");
    const doomed = await h.open();
    const got = gate();
    await doomed.bus.subscribe("order.placed", () => {
      got.open();
      return new Promise(() => undefined);
    }, { group, tenantId: tenant, ackTimeoutMs: 500 });
    const event = await doomed.bus.publish("order.placed", sample("order.placed"), { tenantId: tenant });
    await got.promise;
    h.abandon(doomed);
    await crash(doomed.transport);
    const { bus: survivor } = await h.open();
    const received: { id: string; attempt: number }[] = [];
    await survivor.subscribe("order.placed", (e) => void received.push({ id: e.id, attempt: e.attempt }), { group, tenantId: tenant, ackTimeoutMs: 500 });
    await waitFor(() => received.length >= 1, "the crashed consumer's event");
    expect(received[0]).toEqual({ id: event.id, attempt: 2 });
  });
}

/**
 * Counts the heartbeats (`working()`) the bus sends for each delivery `transport` hands it, by
 * event id. Observes the transport, changes nothing it does: each call still reaches it.
 */
function heartbeats(transport: Transport): Map<string, number> {
  const counts = new Map<string, number>();
  const counted = (delivery: Delivery) => {
    const working = delivery.working.bind(delivery);
    delivery.working = () => {
      counts.set(delivery.event.id, (counts.get(delivery.event.id) ?? 0) + 1);
      working();
    };
  };
  if (isInProcess(transport)) {
    const subscribeInProcess = transport.subscribeInProcess.bind(transport);
    transport.subscribeInProcess = (spec, consumer) =>
      subscribeInProcess(spec, { deliver: (delivery, sink) => (counted(delivery), consumer.deliver(delivery, sink)) });
    return counts;
  }
  const subscribe = transport.subscribe.bind(transport);
  transport.subscribe = (spec, handler) => subscribe(spec, (delivery) => (counted(delivery), handler(delivery)));
  return counts;
}
