/**
 * `npm run bench:nats`: the NATS JetStream transport against raw `@nats-io/jetstream` on one
 * private nats-server (file storage), measured in the same run with the same concurrency:
 *
 * - publish: typed `bus.publish` calls, IN_FLIGHT at once (validation, CloudEvents envelope,
 *   binary-mode headers, Nats-Msg-Id, acknowledged JetStream publish) vs raw `js.publish` of
 *   the same binary-mode message with the same headers and msgID, IN_FLIGHT at once. Both
 *   clients skip the per-request async stack trace (`noAsyncTraces`).
 * - consume-with-ack: a bus subscription (batch pulls, CloudEvent decode, validation, handler,
 *   ack) vs a raw `consume()` with the same batch and `max_ack_pending` that turns each message
 *   into the same CloudEvent (its ce-* headers read through nats.js's `msg.headers`, the data
 *   JSON-parsed, both by the envelope's `decodeBinary`) and acks it.
 *   Also printed, without a target: the ratio against a bare raw consumer that only parses the
 *   data and acks (it never learns the event's id, type or tenant).
 *
 * Both sides connect (and the bus provisions its streams) before the clock starts, are warmed up
 * once, then run BENCH_ROUNDS (>= 7) rounds alternating who goes first (bench/harness.ts); each
 * figure is the median ratio with its spread. Target (issue 14): >= 0.85x raw for both.
 *
 * Baseline: "raw @nats-io/jetstream publish / consume + ack". Ends with one JSON line per figure.
 * BENCH_EVENTS (default 50,000), BENCH_IN_FLIGHT (256), BENCH_BATCH (256), BENCH_ROUNDS (7).
 */
import { performance } from "node:perf_hooks";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { MsgHdrsImpl } from "@nats-io/nats-core";
import { createBus, decodeBinary, silentLogger } from "eventsmith/runtime";
import { natsTransport, type NatsTransportOptions } from "eventsmith/nats";
import { catalog, type OrderPlaced } from "../test/fixtures/runtime/catalog.js";
import { order, pool as poolOf, rawEvent } from "./broker-bench.js";
import { startNatsServer, type NatsServer } from "../test/support/nats-server.js";
import { alternate, compare, report, ROUNDS } from "./harness.js";

const BASELINE = "raw @nats-io/jetstream publish / consume + ack";
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 50_000);
const IN_FLIGHT = Number(process.env["BENCH_IN_FLIGHT"] ?? 256);
const BATCH = Number(process.env["BENCH_BATCH"] ?? 256);
/** Issue 14: publish and consume-with-ack at least 0.85x the raw client. */
const TARGET = 0.85;

let rounds = 0;
interface Namespace {
  options: NatsTransportOptions;
  stream: string;
  subject: string;
}

/** Every measurement gets its own subject prefix and streams. */
function namespace(server: NatsServer): Namespace {
  const n = `bench${++rounds}`;
  const stream = n.toUpperCase();
  return {
    options: { servers: server.url, subjectPrefix: n, stream: { name: stream }, deadLetter: { stream: `${stream}_DLQ` } },
    stream,
    subject: `${n}.order.placed`,
  };
}

/** Runs `count` async jobs with at most IN_FLIGHT at once. */
const pool = (count: number, job: (index: number) => Promise<unknown>) => poolOf(count, IN_FLIGHT, job);

/** The bus of a namespace, started (streams provisioned). */
async function openBus(ns: Namespace) {
  const bus = createBus(catalog, { transport: natsTransport(ns.options), source: "bench", logger: silentLogger });
  await bus.health();
  return bus;
}

/** A raw client connection per measurement, as each bus has its own; with the transport's setting of no stack captured per request. */
const rawConnection = (server: NatsServer): Promise<NatsConnection> => connect({ servers: server.url, noAsyncTraces: true });

/** What a hand-written producer sends: the same binary-mode CloudEvent, acknowledged, one publish each. */
async function rawPublish(server: NatsServer): Promise<number> {
  const ns = namespace(server);
  await (await openBus(ns)).close(); // the same streams as the bus side, not timed
  const nc = await rawConnection(server);
  const js = jetstream(nc);
  const start = performance.now();
  await pool(EVENTS, async (i) => {
    const binary = rawEvent(i);
    // The fastest public way to build headers (headers().set() rescans the keys on every call).
    const values: Record<string, string[]> = {};
    for (const key in binary.headers) values[key] = [binary.headers[key]!];
    await js.publish(ns.subject, binary.body, { msgID: binary.id, headers: MsgHdrsImpl.fromRecord(values) });
  });
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await nc.close();
  return rate;
}

async function busPublish(server: NatsServer): Promise<number> {
  const bus = await openBus(namespace(server));
  const start = performance.now();
  await pool(EVENTS, (i) => bus.publish("order.placed", order(i)));
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await bus.close();
  return rate;
}

/** A namespace whose stream holds EVENTS order.placed events (published through the bus, not timed). */
async function prefilled(server: NatsServer) {
  const ns = namespace(server);
  const bus = await openBus(ns);
  await pool(EVENTS, (i) => bus.publish("order.placed", order(i)));
  await bus.close();
  return ns;
}

/** Counts received orders; `done` resolves at the EVENTS-th. */
function counter(): { receive: (order: OrderPlaced) => void; done: Promise<void> } {
  let received = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const receive = (order: OrderPlaced) => {
    if (order.amount >= 0 && ++received === EVENTS) finished();
  };
  return { receive, done };
}

/** `decode`: read the CloudEvent like the bus does (headers + data); otherwise only parse the data. */
async function rawConsume(server: NatsServer, decode: boolean): Promise<number> {
  const ns = await prefilled(server);
  const nc = await rawConnection(server);
  const jsm = await jetstreamManager(nc);
  const { receive, done } = counter();
  const start = performance.now();
  await jsm.consumers.add(ns.stream, { durable_name: "raw", ack_policy: AckPolicy.Explicit, max_ack_pending: BATCH, filter_subject: ns.subject });
  const consumer = await jetstream(nc).consumers.get(ns.stream, "raw");
  const messages = await consumer.consume({
    max_messages: BATCH,
    callback: (msg) => {
      receive(decode ? (decodeBinary((name) => msg.headers?.get(name) || undefined, msg.string()).data as OrderPlaced) : msg.json<OrderPlaced>());
      msg.ack();
    },
  });
  await done;
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await messages.close();
  await nc.close();
  return rate;
}

async function busConsume(server: NatsServer): Promise<number> {
  const ns = await prefilled(server);
  const bus = await openBus(ns);
  const { receive, done } = counter();
  const start = performance.now();
  await bus.subscribe("order.placed", (event) => receive(event.data), { group: "bus", concurrency: BATCH });
  await done;
  const rate = EVENTS / ((performance.now() - start) / 1000);
  await bus.close();
  return rate;
}

async function main(): Promise<void> {
  const server = await startNatsServer();
  try {
    // Warm-up: JIT on both sides.
    await rawPublish(server);
    await busPublish(server);
    await rawConsume(server, true);
    await busConsume(server);
    const figure = (metric: string, samples: Awaited<ReturnType<typeof alternate>>, baseline: string, target: number | null, goal: string) =>
      compare({ bench: "nats", metric, unit: "events/s", baseline, samples, better: "higher", target, goal });
    const bareBaseline = "raw @nats-io/jetstream consume + data JSON + ack";
    const figures = [
      figure("publish", await alternate(() => busPublish(server), () => rawPublish(server)), BASELINE, TARGET, `nats publish >= ${TARGET}x raw @nats-io/jetstream (issue 14)`),
      figure("consume-with-ack", await alternate(() => busConsume(server), () => rawConsume(server, true)), BASELINE, TARGET, `nats consume-with-ack >= ${TARGET}x raw @nats-io/jetstream (issue 14)`),
      figure("consume-with-ack-bare", await alternate(() => busConsume(server), () => rawConsume(server, false)), bareBaseline, null, "vs a raw consumer that never reads the CloudEvent attributes (no target)"),
    ];
    console.log(`nats bench: ${EVENTS.toLocaleString("en")} events, ${IN_FLIGHT} publishes in flight, pull batches of ${BATCH}, ${ROUNDS} alternating rounds; nats-server -js (file storage)`);
    report(figures);
  } finally {
    await server.stop();
  }
}

await main();
