/**
 * `eventsmith relay` and `eventsmith audit query|replay`, run in-process through `main` with
 * a private PostgreSQL and nats-server: what they print, what reaches a consumer, exit codes.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBus, memoryTransport, silentLogger, type BusEvent } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { postgresAudit, postgresOutbox } from "eventsmith/postgres";
import { main } from "../../generator/cli/main.js";
import { runRelay } from "../../generator/cli/relay-command.js";
import type { CliIO } from "../../generator/cli/io.js";
import { catalog } from "../fixtures/runtime/catalog.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { until, usePostgres } from "./harness.js";

const SDK = resolve(import.meta.dirname, "../fixtures/runtime/catalog.ts");
const postgres = usePostgres();
let nats: NatsServer;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.stop();
});

function memoryIO(): CliIO & { out: string; err: string } {
  const io = {
    cwd: process.cwd(),
    isTTY: false,
    exitCode: 0,
    out: "",
    err: "",
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

async function database() {
  const pool = await postgres.database();
  const name = (await pool.query("SELECT current_database() AS name")).rows[0].name as string;
  return { pool, url: postgres.url(name) };
}

describe("eventsmith relay", () => {
  test("publishes committed outbox rows on NATS until stopped", async () => {
    const { pool, url } = await database();
    const producer = createBus(catalog, { transport: memoryTransport(), logger: silentLogger });
    const outbox = postgresOutbox({ pool, bus: producer });
    await outbox.migrate();
    const consumer = createBus(catalog, { transport: natsTransport({ servers: nats.url, subjectPrefix: "relaycli" }), logger: silentLogger });
    const received: BusEvent[] = [];
    await consumer.subscribe("order.placed", (event) => void received.push(event), { group: "billing" });
    const client = await pool.connect();
    await client.query("BEGIN");
    const sent = await outbox.publish(client, "order.placed", { orderId: "o-1", amount: 3, currency: "EUR" });
    await client.query("COMMIT");
    client.release();

    const io = memoryIO();
    const stop = new AbortController();
    const running = runRelay(io, { sdk: SDK, transport: "nats", url: nats.url, transportOptions: '{"subjectPrefix":"relaycli"}', databaseUrl: url }, stop.signal);
    await until("the event on NATS", () => received.length === 1);
    stop.abort();
    expect({ exit: await running, out: io.out, err: io.err, ids: received.map((e) => e.id) }).toEqual({
      exit: 0,
      out: "eventsmith relay: publishing outbox rows on nats\neventsmith relay: stopped after 1 events\n",
      err: "",
      ids: [sent.id],
    });
    await Promise.all([consumer.close(), producer.close()]);
  });

  test("exits 2 with the bus's coded error when the bus fails, instead of retrying silently", async () => {
    const { url } = await database();
    const io = memoryIO();
    // a stream whose subjects capture none of the catalog's events: the transport refuses to start
    const transportOptions = JSON.stringify({ subjectPrefix: "relayfail", stream: { name: "RELAYFAIL", subjects: ["elsewhere.>"] } });
    const exit = await runRelay(io, { sdk: SDK, transport: "nats", url: nats.url, transportOptions, databaseUrl: url }, new AbortController().signal);
    expect({ exit, out: io.out, err: io.err }).toEqual({
      exit: 2,
      out: "eventsmith relay: publishing outbox rows on nats\n",
      err: expect.stringMatching(/^eventsmith relay: the bus cannot send \(NATS_STREAM_SUBJECTS: .*\); stopped after 0 events, committed rows stay in the outbox\n$/),
    });
  });

  test.each([
    { given: ["relay", "--transport", "nats"], want: { exit: 2, err: /required option '--sdk <module>' not specified/ } },
    { given: ["relay", "--sdk", SDK, "--transport", "kafka"], want: { exit: 2, err: /Allowed choices are nats, redis/ } },
    { given: ["relay", "--sdk", resolve(import.meta.dirname, "harness.ts"), "--transport", "nats", "--database-url", "postgres://x@127.0.0.1:1/x"], want: { exit: 2, err: /does not export the catalog of a generated SDK/ } },
  ])("$given -> exit $want.exit", async ({ given, want }) => {
    const io = memoryIO();
    const exit = await main(["node", "eventsmith", ...given], io);
    expect({ exit, err: io.err }).toEqual({ exit: want.exit, err: expect.stringMatching(want.err) });
  });
});

describe("eventsmith audit", () => {
  test("query prints matching events as JSON lines; replay republishes them on NATS with new ids", async () => {
    const { pool, url } = await database();
    const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger });
    const audit = postgresAudit({ pool, bus });
    await audit.migrate();
    await audit.attach();
    const first = await bus.publish("order.placed", { orderId: "o-1", amount: 1, currency: "EUR" }, { tenantId: "acme" });
    await bus.publish("order.shipped", { orderId: "o-1", carrier: "dhl" }, { tenantId: "acme" });
    await bus.publish("order.placed", { orderId: "o-2", amount: 2, currency: "EUR" }, { tenantId: "globex" });
    await until("three recorded events", async () => (await audit.query()).length === 3);
    await bus.close();

    const io = memoryIO();
    const exit = await main(["node", "eventsmith", "audit", "query", "--database-url", url, "--type", "order.*", "--tenant", "acme"], io);
    const lines = io.out.trim().split("\n").map((line) => JSON.parse(line) as { id: string; type: string; tenantId: string });
    expect({ exit, err: io.err, events: lines.map((r) => `${r.type} ${r.tenantId}`) }).toEqual({
      exit: 0,
      err: "",
      events: ["order.placed acme", "order.shipped acme"],
    });

    const consumer = createBus(catalog, { transport: natsTransport({ servers: nats.url, subjectPrefix: "replaycli" }), logger: silentLogger });
    const received: BusEvent[] = [];
    await consumer.subscribe("order.placed", (event) => void received.push(event), { group: "rebuild" });
    const replayIO = memoryIO();
    const replayExit = await main(
      ["node", "eventsmith", "audit", "replay", "--database-url", url, "--type", "order.placed", "--tenant", "acme",
       "--sdk", SDK, "--transport", "nats", "--url", nats.url, "--transport-options", '{"subjectPrefix":"replaycli"}'],
      replayIO,
    );
    await until("the replayed event", () => received.length === 1);
    await consumer.close();
    expect({ exit: replayExit, err: replayIO.err, replayed: JSON.parse(replayIO.out).replayed }).toEqual({ exit: 0, err: "", replayed: 1 });
    expect(received.map((e) => ({ causationId: e.causationId, sameId: e.id === first.id, source: e.source }))).toEqual([
      { causationId: first.id, sameId: false, source: "eventsmith-replay" },
    ]);
  });

  test("a bad filter is a usage error", async () => {
    const { url } = await database();
    const io = memoryIO();
    const exit = await main(["node", "eventsmith", "audit", "query", "--database-url", url, "--from", "last tuesday"], io);
    expect({ exit, err: io.err }).toEqual({ exit: 2, err: "eventsmith audit query: audit.query filter.from: must be a Date or an RFC 3339 time\n" });
  });
});
