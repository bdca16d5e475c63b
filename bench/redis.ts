/**
 * `npm run bench:redis`: the Redis Streams transport against raw ioredis on one private
 * redis-server, measured in the same run with the same batching:
 *
 * - publish: typed `bus.publishMany` batches (validation, CloudEvents envelope, dedup + XADD
 *   script) vs raw ioredis pipelines of XADD carrying the same binary-mode fields.
 * - consume-with-ack: a bus subscription (read, decode, validate, handler, batched XACK) vs a
 *   raw loop of XREADGROUP COUNT <batch> + JSON.parse of each entry + one XACK per batch.
 *
 * Baseline: "raw ioredis XADD / XREADGROUP + XACK". Ends with one JSON line per figure.
 * BENCH_EVENTS (default 50,000), BENCH_BATCH (100), BENCH_FSYNC=always|no (AOF fsync policy, default no).
 */
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { createBus, silentLogger } from "eventsmith/runtime";
import { redisTransport } from "eventsmith/redis";
import { catalog, type OrderPlaced } from "../test/fixtures/runtime/catalog.js";
import { order, pool as poolOf, rawEvent } from "./broker-bench.js";
import { startBrokerProcess, requireBinary } from "../test/support/broker-process.js";

const BASELINE = "raw ioredis XADD / XREADGROUP + XACK";
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 50_000);
const BATCH = Number(process.env["BENCH_BATCH"] ?? 100);
const FSYNC = process.env["BENCH_FSYNC"] ?? "no";
/** Batches in flight at once on the publish side (both contenders). */
const IN_FLIGHT = 4;
const ROUNDS = 3;
const TARGET = 0.85;

let rounds = 0;
const namespace = () => `bench-${++rounds}`;

/** Runs `batches` async jobs with at most IN_FLIGHT at once. */
const pool = (batches: number, job: (index: number) => Promise<unknown>) => poolOf(batches, IN_FLIGHT, job);

/** What a hand-written producer sends: the same binary-mode CloudEvent fields, one XADD each. */
async function rawPublish(url: string): Promise<number> {
  const redis = new Redis(url);
  const stream = `${namespace()}:stream:order.placed`;
  const start = performance.now();
  await pool(EVENTS / BATCH, async (b) => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < BATCH; i++) {
      const { headers, body } = rawEvent(b * BATCH + i);
      pipeline.xadd(stream, "*", ...Object.entries(headers).flat(), "data", body);
    }
    await pipeline.exec();
  });
  const rate = EVENTS / ((performance.now() - start) / 1000);
  redis.disconnect();
  return rate;
}

async function busPublish(url: string): Promise<number> {
  const bus = createBus(catalog, { transport: redisTransport({ connection: url, namespace: namespace() }), logger: silentLogger });
  await bus.health(); // started
  const start = performance.now();
  await pool(EVENTS / BATCH, (b) =>
    bus.publishMany(Array.from({ length: BATCH }, (_, i) => ({ name: "order.placed" as const, data: order(b * BATCH + i) }))),
  );
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await bus.close();
  return rate;
}

/** Fills a namespace's order.placed stream through the transport (not timed). */
async function prefill(url: string, ns: string): Promise<void> {
  const bus = createBus(catalog, { transport: redisTransport({ connection: url, namespace: ns }), logger: silentLogger });
  await pool(EVENTS / BATCH, (b) =>
    bus.publishMany(Array.from({ length: BATCH }, (_, i) => ({ name: "order.placed" as const, data: order(b * BATCH + i) }))),
  );
  await bus.close();
}

async function rawConsume(url: string): Promise<number> {
  const ns = namespace();
  await prefill(url, ns);
  const stream = `${ns}:stream:order.placed`;
  let received = 0;
  // Like the bus's subscribe, the timing includes connecting and creating the group.
  const start = performance.now();
  const redis = new Redis(url);
  await redis.xgroup("CREATE", stream, "raw", "0");
  while (received < EVENTS) {
    const reply = (await redis.xreadgroup("GROUP", "raw", "c", "COUNT", BATCH, "STREAMS", stream, ">")) as
      | [string, [string, string[]][]][]
      | null;
    const entries = reply?.[0]?.[1] ?? [];
    const ids: string[] = [];
    for (const [id, fields] of entries) {
      const data = JSON.parse(fields[fields.length - 1]!) as OrderPlaced;
      if (data.amount >= 0) received++;
      ids.push(id);
    }
    if (ids.length > 0) await redis.xack(stream, "raw", ...ids);
  }
  const rate = EVENTS / ((performance.now() - start) / 1000);
  redis.disconnect();
  return rate;
}

async function busConsume(url: string): Promise<number> {
  const ns = namespace();
  await prefill(url, ns);
  const transport = redisTransport({ connection: url, namespace: ns, readBatch: BATCH });
  const bus = createBus(catalog, { transport, logger: silentLogger });
  await bus.health();
  let received = 0;
  let allAcked: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allAcked = resolve));
  const start = performance.now();
  await bus.subscribe(
    "order.placed",
    (event) => {
      if (event.data.amount >= 0) received++;
    },
    { group: "bus", concurrency: BATCH },
  );
  const poll = setInterval(() => {
    if (transport.metrics().acked >= EVENTS) allAcked();
  }, 1);
  await done;
  const rate = EVENTS / ((performance.now() - start) / 1000);
  clearInterval(poll);
  if (received !== EVENTS) throw new Error(`bus consumer handled ${received} of ${EVENTS}`);
  await bus.close();
  return rate;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const rate = (value: number) => `${Math.round(value).toLocaleString("en")} events/s`;

async function main(): Promise<void> {
  if (EVENTS % BATCH !== 0) throw new Error("BENCH_EVENTS must be a multiple of BENCH_BATCH");
  const server = await startBrokerProcess({
    name: "redis-bench",
    binary: requireBinary("redis-server", "redis-server"),
    args: (port, dir) => ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", FSYNC, "--save", "", "--loglevel", "warning"],
  });
  const url = `redis://127.0.0.1:${server.port}`;
  try {
    // Warm-up: JIT and the server's script cache.
    await rawPublish(url);
    await busPublish(url);
    const figures = { publish: { bus: 0, raw: 0 }, consume: { bus: 0, raw: 0 } };
    for (let r = 0; r < ROUNDS; r++) {
      figures.publish.raw = Math.max(figures.publish.raw, await rawPublish(url));
      figures.publish.bus = Math.max(figures.publish.bus, await busPublish(url));
      figures.consume.raw = Math.max(figures.consume.raw, await rawConsume(url));
      figures.consume.bus = Math.max(figures.consume.bus, await busConsume(url));
    }
    console.log(`redis bench: ${EVENTS.toLocaleString("en")} events, batches of ${BATCH}, best of ${ROUNDS}; redis-server ${FSYNC === "always" ? "appendfsync always" : "appendonly, appendfsync no"}`);
    for (const [name, { bus, raw }] of Object.entries(figures)) {
      const ratio = bus / raw;
      console.log(`  ${name.padEnd(8)} bus ${rate(bus)}   baseline (${BASELINE}) ${rate(raw)}   ratio ${round(ratio)} (target >= ${TARGET}: ${ratio >= TARGET ? "met" : "NOT met"})`);
    }
    for (const [name, { bus, raw }] of Object.entries(figures)) {
      const metric = name === "publish" ? "publish" : "consume-with-ack";
      console.log(
        JSON.stringify({ bench: "redis", metric, value: Math.round(bus), unit: "events/s", baseline: BASELINE, baselineValue: Math.round(raw), ratio: round(bus / raw), target: TARGET }),
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
