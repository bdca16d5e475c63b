/**
 * `npm run bench:redis`: the Redis Streams transport against raw ioredis on one private
 * redis-server, through the public API, each side doing the same work in the same shape:
 *
 * - publish: typed `bus.publishMany` calls of BATCH events, which the transport sends as one
 *   PUBLISH script call per batch (`publishBatch: BATCH`: validation, CloudEvents envelope, a
 *   dedup key and an XADD per event) vs raw ioredis sending one MULTI/EXEC per batch of the same
 *   BATCH XADDs, with the same binary-mode entry fields (`ce-*`, `content-type`, `data`). Both
 *   keep IN_FLIGHT batches in flight. The raw side writes no dedup key: that work is the
 *   transport's price, and this figure shows it.
 * - consume-with-ack: a bus subscription (read, decode, validate, handler, batched XACK) vs a raw
 *   loop of XREADGROUP COUNT <readBatch> that turns each entry into the same CloudEvent (the
 *   envelope's `decodeBinary`) and acknowledges each read with one XACK.
 *
 * Both sides are connected (the bus started: scripts loaded) before the clock starts, warmed up
 * once, then run BENCH_ROUNDS (>= 7) rounds alternating who goes first (bench/harness.ts); each
 * figure is the median ratio with its spread. Target (issue 14): >= 0.85x raw for both.
 *
 * Baseline: "raw ioredis MULTI of XADDs / XREADGROUP + XACK". Ends with one JSON line per figure.
 * BENCH_EVENTS (default 102,400), BENCH_BATCH (512, the transport's default publishBatch),
 * BENCH_READ_BATCH (256, its default readBatch), BENCH_FSYNC=always|no (AOF fsync, default no).
 */
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { createBus, decodeBinary, silentLogger } from "eventsmith/runtime";
import { redisTransport, type RedisTransportOptions } from "eventsmith/redis";
import { catalog, type OrderPlaced } from "../test/fixtures/runtime/catalog.js";
import { order, pool as poolOf, rawEvent } from "./broker-bench.js";
import { startBrokerProcess, requireBinary } from "../test/support/broker-process.js";
import { alternate, compare, report, ROUNDS } from "./harness.js";

const BASELINE = "raw ioredis MULTI of XADDs / XREADGROUP + XACK";
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 102_400);
const BATCH = Number(process.env["BENCH_BATCH"] ?? 512);
const READ_BATCH = Number(process.env["BENCH_READ_BATCH"] ?? 256);
const FSYNC = process.env["BENCH_FSYNC"] ?? "no";
/** Batches in flight at once on the publish side (both contenders). */
const IN_FLIGHT = 4;
/** Issue 14: publish and consume-with-ack at least 0.85x the raw client. */
const TARGET = 0.85;

let rounds = 0;
const namespace = () => `bench-${++rounds}`;

/** Runs `batches` async jobs with at most IN_FLIGHT at once. */
const pool = (batches: number, job: (index: number) => Promise<unknown>) => poolOf(batches, IN_FLIGHT, job);

/** A raw client, connected before anything is timed. */
async function rawClient(url: string): Promise<Redis> {
  const redis = new Redis(url);
  await redis.ping();
  return redis;
}

/** A bus on its own namespace, started (connected, scripts loaded) before anything is timed. */
async function openBus(url: string, ns: string, options: Partial<RedisTransportOptions> = {}) {
  const transport = redisTransport({ connection: url, namespace: ns, publishBatch: BATCH, readBatch: READ_BATCH, ...options });
  const bus = createBus(catalog, { transport, logger: silentLogger });
  await bus.health();
  return { bus, transport };
}

const batch = (b: number) => Array.from({ length: BATCH }, (_, i) => ({ name: "order.placed" as const, data: order(b * BATCH + i) }));

/** What a hand-written producer sends: per batch, one MULTI/EXEC of XADDs with the same fields. */
async function rawPublish(url: string): Promise<number> {
  const redis = await rawClient(url);
  const stream = `${namespace()}:stream:order.placed`;
  const start = performance.now();
  await pool(EVENTS / BATCH, async (b) => {
    const multi = redis.multi();
    for (let i = 0; i < BATCH; i++) {
      const { headers, body } = rawEvent(b * BATCH + i);
      const fields: string[] = [];
      for (const name in headers) fields.push(name, headers[name]!);
      multi.xadd(stream, "*", ...fields, "data", body);
    }
    const replies = await multi.exec();
    if (replies?.length !== BATCH) throw new Error(`MULTI returned ${replies?.length} replies for ${BATCH} XADDs`);
  });
  const rate = EVENTS / ((performance.now() - start) / 1000);
  redis.disconnect();
  return rate;
}

async function busPublish(url: string): Promise<number> {
  const { bus, transport } = await openBus(url, namespace());
  const start = performance.now();
  await pool(EVENTS / BATCH, (b) => bus.publishMany(batch(b)));
  const rate = EVENTS / ((performance.now() - start) / 1000);
  if (transport.metrics().published !== EVENTS) throw new Error(`the bus published ${transport.metrics().published} of ${EVENTS}`);
  await bus.close();
  return rate;
}

/** Fills a namespace's order.placed stream through the transport (not timed). */
async function prefill(url: string, ns: string): Promise<void> {
  const { bus } = await openBus(url, ns);
  await pool(EVENTS / BATCH, (b) => bus.publishMany(batch(b)));
  await bus.close();
}

async function rawConsume(url: string): Promise<number> {
  const ns = namespace();
  await prefill(url, ns);
  const stream = `${ns}:stream:order.placed`;
  const redis = await rawClient(url);
  let received = 0;
  // Like the bus's subscribe, the timing includes creating the group.
  const start = performance.now();
  await redis.xgroup("CREATE", stream, "raw", "0");
  while (received < EVENTS) {
    const reply = (await redis.xreadgroup("GROUP", "raw", "c", "COUNT", READ_BATCH, "STREAMS", stream, ">")) as
      | [string, [string, string[]][]][]
      | null;
    const entries = reply?.[0]?.[1] ?? [];
    const ids: string[] = [];
    for (const [id, fields] of entries) {
      const values: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) values[fields[i]!] = fields[i + 1]!;
      const event = decodeBinary((name) => values[name], values["data"] ?? "");
      if ((event.data as OrderPlaced).amount >= 0) received++;
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
  const { bus, transport } = await openBus(url, ns);
  let received = 0;
  let allAcked: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allAcked = resolve));
  const start = performance.now();
  await bus.subscribe(
    "order.placed",
    (event) => {
      if (event.data.amount >= 0) received++;
    },
    { group: "bus", concurrency: READ_BATCH },
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

async function main(): Promise<void> {
  if (EVENTS % BATCH !== 0) throw new Error("BENCH_EVENTS must be a multiple of BENCH_BATCH");
  const server = await startBrokerProcess({
    name: "redis-bench",
    binary: requireBinary("redis-server", "redis-server"),
    args: (port, dir) => ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", FSYNC, "--save", "", "--loglevel", "warning"],
  });
  const url = `redis://127.0.0.1:${server.port}`;
  try {
    // Warm-up: JIT on both sides and the server's script cache.
    await rawPublish(url);
    await busPublish(url);
    await rawConsume(url);
    await busConsume(url);
    const figures = [
      compare({
        bench: "redis",
        metric: "publish",
        unit: "events/s",
        baseline: BASELINE,
        samples: await alternate(() => busPublish(url), () => rawPublish(url)),
        better: "higher",
        target: TARGET,
        goal: `redis publish >= ${TARGET}x raw ioredis, one MULTI of ${BATCH} XADDs per batch (issue 14)`,
      }),
      compare({
        bench: "redis",
        metric: "consume-with-ack",
        unit: "events/s",
        baseline: BASELINE,
        samples: await alternate(() => busConsume(url), () => rawConsume(url)),
        better: "higher",
        target: TARGET,
        goal: `redis consume-with-ack >= ${TARGET}x raw ioredis XREADGROUP + XACK (issue 14)`,
      }),
    ];
    const fsync = FSYNC === "always" ? "appendfsync always" : "appendonly, appendfsync no";
    console.log(`redis bench: ${EVENTS.toLocaleString("en")} events, publish batches of ${BATCH} (${IN_FLIGHT} in flight), reads of ${READ_BATCH}, ${ROUNDS} alternating rounds; redis-server ${fsync}`);
    report(figures);
  } finally {
    await server.stop();
  }
}

await main();
