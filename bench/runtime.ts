/**
 * `npm run bench:runtime`: publish-to-handler throughput and latency of the event bus on
 * the in-process transport, with validation on publish, against the named baseline
 * "raw ajv validate + EventEmitter.emit" measured in the same run on the same event (ten
 * fields, five of them with formats, validated as generated validators validate). Ends
 * with one JSON line per figure.
 */
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { createBus, defineCatalog, memoryTransport, silentLogger, type Validator } from "eventsmith/runtime";
import { createAjv } from "../generator/schema/create-ajv.js";

const BASELINE = "raw ajv validate + EventEmitter.emit";
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 1_000_000);
const LATENCY_SAMPLES = Number(process.env["BENCH_LATENCY_SAMPLES"] ?? 20_000);
const ROUNDS = 5;
const TARGET_RATIO = 0.3;
const TARGET_RATE = 1_000_000;

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

const best = (values: number[]) => Math.max(...values);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  // Warm up every path so the JIT has compiled them before anything is measured.
  baselineThroughput(100_000);
  await busThroughput(100_000, "async");
  await busThroughput(100_000, "sync");

  const rates = { baseline: [] as number[], async: [] as number[], sync: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.baseline.push(baselineThroughput(EVENTS));
    rates.async.push(await busThroughput(EVENTS, "async"));
    rates.sync.push(await busThroughput(EVENTS, "sync"));
  }
  const baselineRate = best(rates.baseline);
  const asyncRate = best(rates.async);
  const syncRate = best(rates.sync);

  baselineLatency(1000);
  await busLatency(1000);
  const baseLat = baselineLatency(LATENCY_SAMPLES);
  const busLat = await busLatency(LATENCY_SAMPLES);
  const micros = (ms: number) => round(ms * 1000, 3);
  const latency = {
    p50: { bus: micros(percentile(busLat, 50)), baseline: micros(percentile(baseLat, 50)) },
    p99: { bus: micros(percentile(busLat, 99)), baseline: micros(percentile(baseLat, 99)) },
  };

  const perSecond = (rate: number) => `${Math.round(rate).toLocaleString("en")} events/s`;
  const verdict = (rate: number) =>
    `ratio ${round(rate / baselineRate, 3)} (target >= ${TARGET_RATIO}; >= ${TARGET_RATE.toLocaleString("en")} events/s ${rate >= TARGET_RATE ? "met" : "NOT met"})`;
  console.log(`runtime bench: ${EVENTS.toLocaleString("en")} events x ${ROUNDS} rounds (best of each), ten-field event with formats`);
  console.log(`  baseline (${BASELINE}): ${perSecond(baselineRate)}`);
  console.log(`  bus, async handler:  ${perSecond(asyncRate)}   ${verdict(asyncRate)}`);
  console.log(`  bus, sync handler:   ${perSecond(syncRate)}   ${verdict(syncRate)}`);
  for (const [name, figure] of Object.entries(latency)) {
    console.log(`  ${name} latency, publish to handler: bus ${figure.bus} µs, baseline ${figure.baseline} µs (${LATENCY_SAMPLES} events one at a time)`);
  }
  const line = (metric: string, value: number, unit: string, baselineValue: number, ratio: number, target?: number) =>
    console.log(
      JSON.stringify({ bench: "runtime", metric, value, unit, baseline: BASELINE, baselineValue, ratio: round(ratio, 3), ...(target === undefined ? {} : { target }) }),
    );
  line("throughput", Math.round(asyncRate), "events/s", Math.round(baselineRate), asyncRate / baselineRate, TARGET_RATIO);
  line("throughput-sync-handler", Math.round(syncRate), "events/s", Math.round(baselineRate), syncRate / baselineRate, TARGET_RATIO);
  line("latency-p50", latency.p50.bus, "us", latency.p50.baseline, latency.p50.baseline / latency.p50.bus);
  line("latency-p99", latency.p99.bus, "us", latency.p99.baseline, latency.p99.baseline / latency.p99.bus);
}

await main();
