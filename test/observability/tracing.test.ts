/**
 * otelTracing on real parts: the OpenTelemetry SDK's in-memory exporter, a private nats-server and
 * a private redis-server. One trace must run publish -> broker -> handler -> the handler's own
 * publish -> broker -> handler, on every transport and across a NATS hop and a Redis hop.
 */
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AlwaysOffSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBus, memoryTransport, silentLogger, type EventBus, type Transport } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { redisTransport } from "eventsmith/redis";
import { otelTracing, parseTraceparent } from "eventsmith/otel";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";
import { sample } from "../fixtures/runtime/samples.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { eventually } from "../runtime/eventually.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
let nats: NatsServer;
let redis: RedisServer;
const buses: EventBus<EventMap>[] = [];
let namespaces = 0;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  [nats, redis] = await Promise.all([startNatsServer(), startRedisServer()]);
});
afterAll(async () => {
  context.disable();
  await Promise.allSettled([nats?.stop(), redis?.stop()]);
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  exporter.reset();
});

const transports: Record<string, () => Transport> = {
  memory: () => memoryTransport(),
  nats: () => {
    const n = `tr${process.pid}x${++namespaces}`;
    return natsTransport({ servers: nats.url, subjectPrefix: n, stream: { name: `${n.toUpperCase()}_EVENTS` }, deadLetter: { stream: `${n.toUpperCase()}_DLQ` } });
  },
  redis: () => redisTransport({ connection: redis.url, namespace: `tr${process.pid}x${++namespaces}`, maintenanceIntervalMs: 50 }),
};

function open(transport: Transport, source: string, tracing = otelTracing({ tracerProvider: provider })): EventBus<EventMap> {
  const bus = createBus(catalog, { transport, source, logger: silentLogger, instrumentation: [tracing] });
  buses.push(bus);
  return bus;
}

/** Each span as `kind name [system] <- parent's name`, events and status included, depth first from the root. */
function traceOf(spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const started = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];
  const children = (parent: ReadableSpan | undefined) =>
    spans
      .filter((span) => (parent === undefined ? !byId.has(span.parentSpanContext?.spanId ?? "") : span.parentSpanContext?.spanId === parent.spanContext().spanId))
      .sort((a, b) => started(a) - started(b));
  const lines: string[] = [];
  const visit = (span: ReadableSpan) => {
    const parent = span.parentSpanContext === undefined ? "root" : (byId.get(span.parentSpanContext.spanId)?.name ?? "remote parent");
    const system = span.attributes["messaging.system"] ?? "-";
    const events = span.events.map((event) => ` +${event.name}`).join("");
    const status = span.status.code === SpanStatusCode.ERROR ? ` ERROR(${span.status.message})` : "";
    lines.push(`${SpanKind[span.kind]} ${span.name} [${system}] <- ${parent}${events}${status}`);
    for (const child of children(span)) visit(child);
  };
  for (const root of children(undefined)) visit(root);
  return lines;
}

/** Waits for `count` spans, then checks they all belong to one trace. */
async function finishedTrace(count: number): Promise<ReadableSpan[]> {
  await eventually(() => expect(exporter.getFinishedSpans().length).toBe(count));
  const spans = exporter.getFinishedSpans();
  expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  return spans;
}

/**
 * order.placed is handled by `shipping`, which publishes order.shipped; `notify` fails its first
 * attempt at order.shipped and succeeds on the retry.
 */
async function runFlow(first: EventBus<EventMap>, second: EventBus<EventMap>): Promise<void> {
  let attempts = 0;
  await first.subscribe("order.placed", async (event) => {
    await second.publish("order.shipped", { orderId: event.data.orderId, carrier: "ups" });
  }, { group: "shipping" });
  await second.subscribe("order.shipped", () => {
    if (++attempts === 1) throw new Error("carrier API down");
  }, { group: "notify", backoff: [50] });
  const tracer = provider.getTracer("checkout");
  await tracer.startActiveSpan("checkout", async (span) => {
    await first.publish("order.placed", sample("order.placed"));
    span.end();
  });
}

describe("one trace from publish to the handler's own publishes", () => {
  const wantFlow = (placed: string, shipped: string) => [
    "INTERNAL checkout [-] <- root",
    `PRODUCER publish order.placed [${placed}] <- checkout`,
    `CONSUMER process order.placed [${placed}] <- publish order.placed`,
    `PRODUCER publish order.shipped [${shipped}] <- process order.placed`,
    `CONSUMER process order.shipped [${shipped}] <- publish order.shipped +exception +retry ERROR(carrier API down)`,
    `CONSUMER process order.shipped [${shipped}] <- publish order.shipped`,
  ];
  const cases = [
    { given: "memory", hops: ["memory", "memory"] },
    { given: "nats", hops: ["nats", "nats"] },
    { given: "redis", hops: ["redis", "redis"] },
    { given: "a NATS hop, then a Redis hop", hops: ["nats", "redis"] },
    { given: "a Redis hop, then a NATS hop", hops: ["redis", "nats"] },
  ];
  it.each(cases)("on $given", async ({ hops }) => {
    const [placed, shipped] = hops as [string, string];
    const first = open(transports[placed]!(), "orders");
    const second = hops[0] === hops[1] && placed === "memory" ? first : open(transports[shipped]!(), "shipping");
    await runFlow(first, second);
    expect(traceOf(await finishedTrace(6))).toEqual(wantFlow(placed, shipped));
  });
});

describe("span contents", () => {
  it("follows the messaging conventions and writes the producer span into traceparent", async () => {
    const bus = open(transports["nats"]!(), "orders");
    let resolve!: (traceparent: string | undefined) => void;
    const received = new Promise<string | undefined>((done) => (resolve = done));
    await bus.subscribe("order.placed", (event) => resolve(event.traceparent), { group: "billing" });
    const sent = await bus.publish("order.placed", sample("order.placed"), { tenantId: "t-1" });
    const traceparent = await received;
    const spans = await finishedTrace(2);
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(traceparent).toBe(sent.traceparent);
    expect(parseTraceparent(traceparent)?.spanId).toBe(producer!.spanContext().spanId);
    expect(producer!.attributes).toEqual({
      "messaging.system": "nats",
      "messaging.destination.name": "order.placed",
      "messaging.operation.type": "send",
      "messaging.operation.name": "publish",
      "messaging.message.id": sent.id,
      "messaging.message.conversation_id": sent.correlationid,
      "cloudevents.event_source": "orders",
      "eventsmith.tenant_id": "t-1",
    });
    expect(consumer!.attributes).toMatchObject({
      "messaging.system": "nats",
      "messaging.operation.type": "process",
      "messaging.consumer.group.name": "billing",
      "messaging.message.id": sent.id,
      "eventsmith.delivery.attempt": 1,
    });
  });

  it("records dead-lettering as a span event with the code, and sets the error status", async () => {
    const bus = open(transports["redis"]!(), "orders");
    await bus.subscribe("order.placed", () => {
      throw new Error("no such customer");
    }, { group: "billing", maxDeliver: 2, backoff: [20] });
    await bus.publish("order.placed", sample("order.placed"));
    const spans = await finishedTrace(3);
    expect(traceOf(spans).slice(1)).toEqual([
      "CONSUMER process order.placed [redis] <- publish order.placed +exception +retry ERROR(no such customer)",
      "CONSUMER process order.placed [redis] <- publish order.placed +exception +dead-letter ERROR(no such customer)",
    ]);
    expect(spans.flatMap((span) => span.events).find((event) => event.name === "dead-letter")?.attributes).toMatchObject({
      "eventsmith.dead_letter.code": "PROCESSING_ERROR",
      "eventsmith.dead_letter.attempts": 2,
    });
  });

  it("continues the trace a publisher names in meta.traceparent", async () => {
    const bus = open(transports["memory"]!(), "orders");
    const upstream = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const sent = await bus.publish("order.placed", sample("order.placed"), { traceparent: upstream });
    const [producer] = await finishedTrace(1);
    expect(producer!.spanContext().traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(producer!.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
    expect(sent.traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${producer!.spanContext().spanId}-01`);
  });
});

describe.each(["memory", "nats"])("request/reply on %s", (system) => {
  it("makes a client span for bus.request and a server span for bus.reply in one trace; a failed reply is an error on both", async () => {
    const bus = open(transports[system]!(), "quotes");
    let failing = false;
    await bus.reply("quote.requested", (request) => {
      if (failing) throw new Error("no price list");
      return { name: "quote.issued", data: { productId: request.data.productId, price: 2.5 } };
    });
    await bus.request("quote.requested", sample("quote.requested"), { timeoutMs: 2000 });
    expect(traceOf(await finishedTrace(2))).toEqual([
      `CLIENT send quote.requested [${system}] <- root`,
      `SERVER process quote.requested [${system}] <- send quote.requested`,
    ]);

    exporter.reset();
    failing = true;
    const refused = await bus.request("quote.requested", sample("quote.requested"), { timeoutMs: 2000 }).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(traceOf(await finishedTrace(2))).toEqual([
      `CLIENT send quote.requested [${system}] <- root +exception ERROR(${(refused as Error).message})`,
      `SERVER process quote.requested [${system}] <- send quote.requested +exception ERROR(no price list)`,
    ]);
  });
});

describe("an unsampled trace", () => {
  it("records no span and keeps one trace id, unsampled, across the handler's own publishes", async () => {
    const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const bus = open(transports["nats"]!(), "orders", otelTracing({ tracerProvider: unsampled }));
    let resolve!: (traceparent: string | undefined) => void;
    const shipped = new Promise<string | undefined>((done) => (resolve = done));
    await bus.subscribe("order.placed", async (event) => void (await bus.publish("order.shipped", { orderId: event.data.orderId, carrier: "ups" })), { group: "shipping" });
    await bus.subscribe("order.shipped", (event) => resolve(event.traceparent), { group: "notify" });
    const placed = await bus.publish("order.placed", sample("order.placed"));
    const [first, second] = [parseTraceparent(placed.traceparent), parseTraceparent(await shipped)];
    expect([second?.traceId, first?.traceFlags, second?.traceFlags, exporter.getFinishedSpans().length]).toEqual([first?.traceId, 0, 0, 0]);
  });
});

describe("without a registered tracer provider", () => {
  it("creates no span and leaves traceparent alone", async () => {
    const tracing = otelTracing();
    const hooks = tracing.attach({ catalog: "c", system: "memory", events: [], deadLetters: undefined as never, logger: silentLogger, health: undefined as never });
    const bus = open(memoryTransport(), "orders", tracing);
    let resolve!: (traceparent: string | undefined) => void;
    const handled = new Promise<string | undefined>((done) => (resolve = done));
    await bus.subscribe("order.placed", (event) => resolve(event.traceparent));
    const sent = await bus.publish("order.placed", sample("order.placed"));
    expect([sent.traceparent, await handled, exporter.getFinishedSpans().length]).toEqual([undefined, undefined, 0]);
    expect(hooks.publish!([sent])).toBeUndefined();
  });

  it("uses a provider registered after the bus was made", async () => {
    const bus = open(memoryTransport(), "orders", otelTracing());
    trace.setGlobalTracerProvider(provider);
    try {
      await bus.publish("order.placed", sample("order.placed"));
      expect((await finishedTrace(1)).map((span) => span.name)).toEqual(["publish order.placed"]);
    } finally {
      trace.disable();
    }
  });
});

describe("parseTraceparent", () => {
  const trace = "0af7651916cd43dd8448eb211c80319c";
  const span = "b7ad6b7169203331";
  const cases = [
    { given: `00-${trace}-${span}-01`, want: { traceId: trace, spanId: span, traceFlags: 1, isRemote: true } },
    { given: `00-${trace}-${span}-00`, want: { traceId: trace, spanId: span, traceFlags: 0, isRemote: true } },
    { given: `01-${trace}-${span}-01-future`, want: { traceId: trace, spanId: span, traceFlags: 1, isRemote: true } },
    { given: `00-${trace}-${span}-01-extra`, want: undefined },
    { given: `ff-${trace}-${span}-01`, want: undefined },
    { given: `00-${"0".repeat(32)}-${span}-01`, want: undefined },
    { given: `00-${trace}-${"0".repeat(16)}-01`, want: undefined },
    { given: `00-${trace.toUpperCase()}-${span}-01`, want: undefined },
    { given: "00-abc-def-01", want: undefined },
  ];
  it.each(cases)("$given", ({ given, want }) => {
    expect(parseTraceparent(given)).toEqual(want);
  });
});
