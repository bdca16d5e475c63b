/**
 * `npm run bench:instrumentation`: what tracing and metrics cost. Publish-to-handler throughput of
 * one bus with `instrumentation: [otelTracing(), prometheusMetrics({ registry })]` attached, against
 * the baseline "the same bus without them", in alternating rounds (bench/harness.ts). Tracing runs
 * the OpenTelemetry SDK with spans batched to an exporter that drops them (no network measured),
 * every span sampled unless the figure says otherwise. Target ratio: 0.85 (issue 21).
 *
 * Figures: on the in-process transport (the bus's own overhead is all there is, the hardest case)
 * metrics alone, tracing with no provider registered (must cost nothing), both with every span
 * sampled and both with 1% of traces sampled; on a private nats-server (BENCH_NATS=0 skips it)
 * both with every span sampled, which is what a service on a broker pays.
 *
 * Every traced event costs two spans (producer and consumer), and for each the OpenTelemetry SDK
 * itself decides sampling and generates ids even when it drops the span. So the bench also times
 * the SDK alone, per span, dropped and recorded (absolute figures, no target): what no
 * instrumentation on top of the SDK can avoid, next to what one bare in-process event costs.
 */
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { context, ROOT_CONTEXT, SpanKind, type Tracer } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { performance } from "node:perf_hooks";
import { Registry } from "prom-client";
import { createBus, memoryTransport, silentLogger, type Instrumentation, type Transport } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { otelTracing } from "eventsmith/otel";
import { prometheusMetrics } from "eventsmith/prometheus";
import { catalog } from "../test/fixtures/runtime/catalog.js";
import { startNatsServer, type NatsServer } from "../test/support/nats-server.js";
import { alternate, budget, compare, report, ROUNDS, type Figure } from "./harness.js";

const BASELINE = "the same bus without instrumentation";
const TARGET = 0.85;
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 200_000);
const NATS_EVENTS = Number(process.env["BENCH_NATS_EVENTS"] ?? 5_000);

/** Spans are batched and dropped: the SDK's work is measured, an exporter's network is not. */
class DroppingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const exporter = new DroppingExporter();
const tracerProvider = (sampler?: Sampler) =>
  new BasicTracerProvider({
    ...(sampler === undefined ? {} : { sampler }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 100_000, maxExportBatchSize: 2048 })],
  });
const everySpan = tracerProvider();
const onePercent = tracerProvider(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.01) }));
const noneSampled = tracerProvider(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) }));
// as the OpenTelemetry Node SDK sets it up; on both sides of every figure
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const order = { orderId: "order-1", amount: 129.9, currency: "EUR" };

/** Events per second from the first publish to the last handler, each publish awaited as a service would. */
async function throughput(transport: Transport, n: number, instrumentation: () => Instrumentation[]): Promise<number> {
  const bus = createBus(catalog, { transport, logger: silentLogger, source: "bench", instrumentation: instrumentation() });
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  await bus.subscribe("order.placed", async () => {
    if (++received === n) done();
  }, { group: "bench" });
  const start = performance.now();
  for (let i = 0; i < n; i++) await bus.publish("order.placed", order);
  await all;
  const seconds = (performance.now() - start) / 1000;
  await bus.close();
  return n / seconds;
}

const none = () => [];
const metricsOnly = () => [prometheusMetrics({ registry: new Registry() })];
const unregistered = () => [otelTracing()];
const both = () => [otelTracing({ tracerProvider: everySpan }), prometheusMetrics({ registry: new Registry() })];
const bothSampled = () => [otelTracing({ tracerProvider: onePercent }), prometheusMetrics({ registry: new Registry() })];

const SDK_SPANS = 200_000;

/** Nanoseconds the SDK spends per span started and ended directly on `tracer`, as eventsmith does per event and side. */
function sdkSpanNs(tracer: Tracer): number {
  const attributes = { "messaging.system": "memory", "messaging.destination.name": "order.placed", "messaging.operation.type": "process" };
  const start = performance.now();
  for (let i = 0; i < SDK_SPANS; i++) {
    const span = tracer.startSpan("process order.placed", { kind: SpanKind.CONSUMER }, ROOT_CONTEXT);
    if (span.isRecording()) span.setAttributes(attributes);
    span.end();
  }
  return ((performance.now() - start) * 1e6) / SDK_SPANS;
}

function sdkFigure(metric: string, tracer: Tracer, goal: string): Figure {
  sdkSpanNs(tracer);
  const values = Array.from({ length: ROUNDS }, () => sdkSpanNs(tracer));
  return budget({ bench: "instrumentation", metric, unit: "ns/span", values, target: null, goal });
}

function figure(metric: string, samples: Awaited<ReturnType<typeof alternate>>, goal: string, target: number | null): Figure {
  return compare({ bench: "instrumentation", metric, unit: "events/s", baseline: BASELINE, samples, better: "higher", target, goal });
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const memory = (n: number, attach: () => Instrumentation[]) => () => throughput(memoryTransport(), n, attach);
  const inProcess = async (metric: string, attach: () => Instrumentation[], goal: string, target: number | null = TARGET) => {
    await memory(EVENTS / 4, attach)();
    await memory(EVENTS / 4, none)();
    figures.push(figure(metric, await alternate(memory(EVENTS, attach), memory(EVENTS, none)), goal, target));
  };
  await inProcess("memory-metrics", metricsOnly, "in-process bus with prometheusMetrics >= 0.85x the bare bus");
  await inProcess("memory-tracing-unregistered", unregistered, "otelTracing() with no tracer provider registered >= 0.85x the bare bus");
  await inProcess(
    "memory-traced-and-metered",
    both,
    "in-process bus, tracing with every span recorded and batched + metrics, vs the bare bus: no target, two recorded SDK spans per event cost more than the event (see otel-sdk-recorded-span)",
    null,
  );
  await inProcess(
    "memory-traced-1pct-and-metered",
    bothSampled,
    "in-process bus, tracing with 1% of traces sampled + metrics, >= 0.85x the bare bus: two SDK sampling decisions per event (see otel-sdk-dropped-span)",
  );
  figures.push(
    sdkFigure("otel-sdk-dropped-span", noneSampled.getTracer("bench"), "what the OpenTelemetry SDK alone costs per span its sampler drops (decision and ids): no target, eventsmith cannot avoid it"),
    sdkFigure("otel-sdk-recorded-span", everySpan.getTracer("bench"), "what the OpenTelemetry SDK alone costs per recorded span, batched to a dropping exporter: no target, eventsmith cannot avoid it"),
  );

  if (process.env["BENCH_NATS"] !== "0") {
    const server: NatsServer = await startNatsServer();
    let namespace = 0;
    const nats = (attach: () => Instrumentation[]) => () => {
      const n = `bench${++namespace}`;
      const transport = natsTransport({ servers: server.url, subjectPrefix: n, stream: { name: `${n.toUpperCase()}_EVENTS` }, deadLetter: { stream: `${n.toUpperCase()}_DLQ` } });
      return throughput(transport, NATS_EVENTS, attach);
    };
    try {
      await nats(both)();
      await nats(none)();
      figures.push(
        figure("nats-traced-and-metered", await alternate(nats(both), nats(none)), "NATS bus, tracing with every span recorded + metrics, >= 0.85x the bare NATS bus", TARGET),
        figure("nats-traced-1pct-and-metered", await alternate(nats(bothSampled), nats(none)), "NATS bus, tracing with 1% of traces sampled + metrics, >= 0.85x the bare NATS bus", TARGET),
      );
    } finally {
      await server.stop();
    }
  }
  await Promise.all([everySpan.forceFlush(), onePercent.forceFlush(), noneSampled.forceFlush()]);
  const bare = figures.find((f) => f.metric === "memory-metrics")?.baselineValue;
  const dropped = figures.find((f) => f.metric === "otel-sdk-dropped-span")?.value;
  if (bare && dropped) {
    const eventNs = 1e9 / bare;
    // two dropped spans per event (producer and consumer) are the least tracing can add in process
    console.log(
      `one bare in-process event (publish to handler): ${Math.round(eventNs)} ns; two SDK-dropped spans: ${Math.round(2 * dropped)} ns; ` +
        `so 1%-sampled tracing in process can reach at most ${(eventNs / (eventNs + 2 * dropped)).toFixed(2)}x the bare bus`,
    );
  }
  console.log(
    `instrumentation bench: ${EVENTS.toLocaleString("en")} in-process and ${NATS_EVENTS.toLocaleString("en")} NATS events per round, ` +
      `${exporter.exported.toLocaleString("en")} spans exported`,
  );
  report(figures);
}

await main();
