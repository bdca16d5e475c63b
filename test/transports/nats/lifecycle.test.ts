/**
 * The NATS transport's life: a broker that is down at start or goes away, bounded
 * publishes, close() draining handlers and publishes, health, and request/reply.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EventsmithError, NoRespondersError, RequestTimeoutError } from "eventsmith/runtime";
import { contact, startHarness, until, withServer, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("broker availability", () => {
  test("a bus started while the broker is down publishes and delivers once the broker comes up", async () => {
    await withServer(async (server) => {
      await server.kill();
      const { bus } = h.bus({ transport: { servers: server.url } });
      const sending = bus.publish("contact.created", contact(1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await server.restart();
      const sent = await sending;
      const received: string[] = [];
      await bus.subscribe("contact.created", (event) => void received.push(event.id), { group: "g" });
      await until("the event", () => received.length === 1);
      expect(received).toEqual([sent.id]);
      await bus.close();
    });
  });

  test("a publish fails clearly once the broker has been away for publishTimeoutMs", async () => {
    await withServer(async (server) => {
      const { bus } = h.bus({ transport: { servers: server.url, publishTimeoutMs: 400 } });
      await bus.publish("contact.created", contact(1));
      await server.kill();
      const started = Date.now();
      const error = await bus.publish("contact.created", contact(2)).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(EventsmithError);
      // Whether the client noticed the broker was gone before or during the attempt decides which of the two it is.
      const { code, message } = error as EventsmithError;
      if (code === "TRANSPORT_UNAVAILABLE") expect(message).toMatch(/^publishing contact.created \S+: the NATS broker was unreachable for \d+ ms/);
      else
        expect({ code, message }).toEqual({
          code: "NATS_PUBLISH_FAILED",
          message: expect.stringMatching(/^NATS did not acknowledge contact.created \S+ within 400 ms after \d+ attempt\(s\): /),
        });
      expect((await bus.health()).transport).toMatchObject({ ok: false, status: "reconnecting" });
      await bus.close();
    });
  });

  test("subscriptions resume after the broker restarts", async () => {
    await withServer(async (server) => {
      const { bus } = h.bus({ transport: { servers: server.url } });
      const received: string[] = [];
      await bus.subscribe("contact.created", (event) => void received.push(event.id), { group: "g" });
      await server.kill();
      await server.restart();
      const sent = await bus.publish("contact.created", contact(1));
      await until("the event after the restart", () => received.length === 1, 15_000);
      expect(received).toEqual([sent.id]);
      await bus.close();
    });
  });
});

describe("connection settings", () => {
  test.each([
    { given: "the right user and password", auth: { user: "svc", pass: "s3cret" }, want: "connected" },
    { given: "a wrong password", auth: { user: "svc", pass: "nope" }, want: /^NATS refused the credentials: .*Authorization Violation/i },
  ])("$given -> $want", async ({ auth, want }) => {
    await withServer(
      async (server) => {
        const { bus } = h.bus({ transport: { servers: server.url, ...auth } });
        if (want === "connected") {
          await bus.publish("contact.created", contact(1));
          expect((await bus.health()).transport).toMatchObject({ ok: true, status: "connected" });
        } else {
          await expect(bus.publish("contact.created", contact(1))).rejects.toThrow(want);
        }
        await bus.close();
      },
      ["--user", "svc", "--pass", "s3cret"],
    );
  });

  test("a memory-storage broker that restarts empty gets its streams and consumers back", async () => {
    await withServer(async (server) => {
      const namespace = h.namespace();
      const { bus } = h.bus({ namespace, transport: { servers: server.url, stream: { name: namespace.stream, storage: "memory" } } });
      const received: string[] = [];
      await bus.subscribe("contact.created", (event) => void received.push(event.id), { group: "g" });
      await server.kill();
      await server.restart();
      const sent = await bus.publish("contact.created", contact(1));
      await until("the event on the re-created consumer", () => received.includes(sent.id), 20_000);
      await bus.close();
    });
  });
});

describe("close", () => {
  test("waits for in-flight handlers, acknowledges their events, and flushes publishes still in flight", async () => {
    const { bus, namespace } = h.bus();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const finished: string[] = [];
    await bus.subscribe(
      "contact.created",
      async (event) => {
        await held;
        finished.push(event.id);
      },
      { group: "g" },
    );
    const sent = await bus.publish("contact.created", contact(1));
    await until("the handler to start", async () => (await bus.stats()).subscriptions[0]!.inFlight === 1);
    const pending = Array.from({ length: 50 }, (_, i) => bus.publish("order.placed", { orderId: `o${i}`, amount: i, currency: "EUR" }));
    let closed = false;
    const closing = bus.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    release();
    await closing;
    await Promise.all(pending);
    expect(finished).toEqual([sent.id]);
    const consumer = await h.jsm.consumers.info(namespace.stream, "g");
    expect({ ackPending: consumer.num_ack_pending, pending: consumer.num_pending }).toEqual({ ackPending: 0, pending: 0 });
    expect((await h.jsm.streams.info(namespace.stream)).state.messages).toBe(51);
  });
});

describe("health", () => {
  test("reports the connection and the undelivered events per group", async () => {
    const { bus, namespace } = h.bus();
    const sub = await bus.subscribe("contact.created", () => undefined, { group: "g" });
    await sub.unsubscribe();
    await bus.publishMany(Array.from({ length: 3 }, (_, i) => ({ name: "contact.created" as const, data: contact(i) })));
    await bus.subscribe("order.placed", () => undefined, { group: "orders" });
    const health = await bus.health();
    expect(health.transport).toMatchObject({
      ok: true,
      status: "connected",
      lag: { orders: 0 },
      details: { stream: namespace.stream, deadLetterStream: namespace.deadLetterStream },
    });
    expect((await h.jsm.consumers.info(namespace.stream, "g")).num_pending).toBe(3);
  });
});

describe("request/reply", () => {
  test("a request gets its typed reply; responders of one group share requests", async () => {
    const { bus } = h.bus();
    const served: string[] = [];
    for (const name of ["a", "b"]) {
      await bus.reply("quote.requested", (request) => {
        served.push(name);
        return { name: "quote.issued", data: { productId: request.data.productId, price: 2 * request.data.quantity } };
      });
    }
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => bus.request("quote.requested", { productId: `p${i}`, quantity: i + 1 })),
    );
    expect(replies.map((reply) => [reply.type, reply.data])).toEqual(
      Array.from({ length: 20 }, (_, i) => ["quote.issued", { productId: `p${i}`, price: 2 * (i + 1) }]),
    );
    expect(served).toHaveLength(20);
    expect(new Set(served).size).toBe(2);
  });

  test.each([
    { given: "nobody serving", serve: undefined, want: NoRespondersError, message: 'no responders for "quote.requested"' },
    {
      given: "a responder slower than the timeout",
      serve: () => new Promise<never>(() => undefined),
      want: RequestTimeoutError,
      message: 'no reply to "quote.requested" within 200 ms',
    },
    {
      given: "a responder that throws",
      serve: () => {
        throw new EventsmithError("out of stock", "OUT_OF_STOCK");
      },
      want: EventsmithError,
      message: "out of stock",
    },
  ])("$given -> $want.name", async ({ serve, want, message }) => {
    const { bus } = h.bus();
    if (serve !== undefined) await bus.reply("quote.requested", serve);
    const error = await bus.request("quote.requested", { productId: "p", quantity: 1 }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(want);
    expect((error as Error).message).toBe(message);
    if (want === EventsmithError) expect(error).toMatchObject({ code: "OUT_OF_STOCK" });
  });
});
