/**
 * `npm run bench:runtime`: publish-to-handler throughput and latency of the event bus through
 * its public API (`createBus` + `memoryTransport`, validation on publish, each publish awaited),
 * against the named baseline "raw ajv validate + EventEmitter.emit" on the same event (ten
 * fields, five of them with formats, validated as generated validators validate).
 *
 * Both sides are warmed up, then run BENCH_ROUNDS (>= 7) alternating rounds (bench/harness.ts);
 * each figure is the median with the spread of the per-round ratios. Target (issue 14): the bus
 * with an async handler >= 0.5x the baseline. The sync-handler and latency figures carry no target.
 * BENCH_EVENTS (default 500,000 per round), BENCH_LATENCY_SAMPLES (20,000).
 */
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { createBus, defineCatalog, memoryTransport, silentLogger, type Validator } from "eventsmith/runtime";
import { createAjv } from "../generator/schema/create-ajv.js";
import { alternate, compare, report, ROUNDS, type Figure } from "./harness.js";

const BASELINE = "raw ajv validate + EventEmitter.emit";
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 500_000);
const LATENCY_SAMPLES = Number(process.env["BENCH_LATENCY_SAMPLES"] ?? 20_000);
/** Issue 14: the memory transport with an async handler at least half as fast as the baseline. */
const TARGET_RATIO = 0.5;

interface OrderPlaced {
  orderId: string;
  customerId: string;
  email: string;
  website: string;
  placedAt: string;
  amount: number;
  currency: string;
  items: number;
  channel: "web" | "store" | "phone";
  note: string;
}

const schema = {
  type: "object",
  properties: {
    orderId: { type: "string", format: "uuid" },
    customerId: { type: "string", format: "uuid" },
    email: { type: "string", format: "email" },
    website: { type: "string", format: "uri" },
    placedAt: { type: "string", format: "date-time" },
    amount: { type: "number", minimum: 0 },
    currency: { type: "string", pattern: "^[A-Z]{3}$" },
    items: { type: "integer", minimum: 1 },
    channel: { enum: ["web", "store", "phone"] },
    note: { type: "string", maxLength: 200 },
  },
  required: ["orderId", "customerId", "email", "website", "placedAt", "amount", "currency", "items", "channel", "note"],
  additionalProperties: false,
};

// The configuration the validator emitter compiles generated validators with (allErrors, fast formats).
const ajv = createAjv();
const validate = ajv.compile<OrderPlaced>(schema) as unknown as Validator<OrderPlaced>;

const order: OrderPlaced = {
  orderId: "0190a3c4-7d2e-7abc-8def-0123456789ab",
  customerId: "0190a3c4-7d2e-7abc-8def-0123456789ac",
  email: "jane.doe@example.com",
  website: "https://shop.example.com/orders/42",
  placedAt: "2026-01-27T10:00:00.000Z",
  amount: 129.9,
  currency: "EUR",
  items: 3,
  channel: "web",
  note: "leave at the door",
};

const catalog = defineCatalog<{ "order.placed": OrderPlaced }>({
  name: "bench",
  events: {
    "order.placed": {
      name: "order.placed",
      version: "1.0",
      address: "order.placed",
      validate,
      deprecated: false,
      priority: "normal",
      replies: [],
    },
  },
  delivery: { maxDeliver: 3, backoffMs: [1000], ackTimeoutMs: 30_000 },
  nats: {},
  redis: {},
});

/** Baseline: validate, then emit synchronously to one listener. */
function baselineThroughput(n: number): number {
  const emitter = new EventEmitter();
  let received = 0;
  emitter.on("order.placed", (data: OrderPlaced) => {
    if (data.items > 0) received++;
  });
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    if (!validate(order)) throw new Error("invalid");
    emitter.emit("order.placed", order);
  }
  const seconds = (performance.now() - start) / 1000;
  if (received !== n) throw new Error(`baseline delivered ${received} of ${n}`);
  return n / seconds;
}

type HandlerKind = "async" | "sync";

/**
 * The bus with its defaults (in-process transport, dedup on): each publish awaited, as a
 * service would, counted when the handler has run. `async` handlers are what services
 * write; `sync` runs the baseline's very listener body, without a promise per event.
 */
async function busThroughput(n: number, kind: HandlerKind): Promise<number> {
  const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger });
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const count = (event: { data: OrderPlaced }) => {
    if (event.data.items > 0 && ++received === n) done();
  };
  await bus.subscribe("order.placed", kind === "sync" ? count : async (event) => count(event));
  const start = performance.now();
  for (let i = 0; i < n; i++) await bus.publish("order.placed", order);
  await all;
  const seconds = (performance.now() - start) / 1000;
  await bus.close();
  return n / seconds;
}

function baselineLatency(samples: number): Float64Array {
  const emitter = new EventEmitter();
  const latencies = new Float64Array(samples);
  let sentAt = 0;
  let i = 0;
  emitter.on("order.placed", () => {
    latencies[i] = performance.now() - sentAt;
  });
  for (; i < samples; i++) {
    sentAt = performance.now();
    if (validate(order)) emitter.emit("order.placed", order);
  }
  return latencies;
}

/** One event at a time: publish, then wait for the handler to have run. */
async function busLatency(samples: number): Promise<Float64Array> {
  const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger });
  const latencies = new Float64Array(samples);
  let sentAt = 0;
  let i = 0;
  let delivered: () => void = () => undefined;
  await bus.subscribe("order.placed", async () => {
    latencies[i] = performance.now() - sentAt;
    delivered();
  });
  for (; i < samples; i++) {
    const arrived = new Promise<void>((resolve) => (delivered = resolve));
    sentAt = performance.now();
    await bus.publish("order.placed", order);
    await arrived;
  }
  await bus.close();
  return latencies;
}

function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  // Warm up every path so the JIT has compiled them before anything is measured.
  baselineThroughput(100_000);
  await busThroughput(100_000, "async");
  await busThroughput(100_000, "sync");
  baselineLatency(1000);
  await busLatency(1000);

  const throughput = (kind: HandlerKind, target: number | null, goal: string): Promise<Figure> =>
    alternate(() => busThroughput(EVENTS, kind), () => baselineThroughput(EVENTS)).then((samples) =>
      compare({ bench: "runtime", metric: kind === "async" ? "throughput" : "throughput-sync-handler", unit: "events/s", baseline: BASELINE, samples, better: "higher", target, goal }),
    );
  const latency = async (p: number): Promise<Figure> => {
    const samples = await alternate(
      async () => percentile(await busLatency(LATENCY_SAMPLES), p) * 1000,
      () => percentile(baselineLatency(LATENCY_SAMPLES), p) * 1000,
    );
    return compare({ bench: "runtime", metric: `latency-p${p}`, unit: "us", baseline: BASELINE, samples, better: "lower", target: null, goal: `publish-to-handler p${p} latency, one event at a time (no target)` });
  };
  const figures = [
    await throughput("async", TARGET_RATIO, `memory transport, async handler >= ${TARGET_RATIO}x ${BASELINE} (issue 14)`),
    await throughput("sync", null, "memory transport, sync handler (no target)"),
    await latency(50),
    await latency(99),
  ];
  console.log(`runtime bench: ${EVENTS.toLocaleString("en")} events per round, ${LATENCY_SAMPLES.toLocaleString("en")} latency samples, ${ROUNDS} alternating rounds; ten-field event with formats`);
  report(figures);
}

await main();
