/**
 * The conformance suite against a private `nats-server -js` (file storage in its own
 * directory). One namespace (subject prefix and streams) for the file: the suite keeps tests
 * apart with unique groups and tenants.
 */
import { afterAll } from "vitest";
import { connect } from "@nats-io/transport-node";
import { natsTransport, type NatsTransport } from "eventsmith/nats";
import type { Transport } from "eventsmith/runtime";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { conformanceSuite } from "./suite.js";

let server: Promise<NatsServer> | undefined;
const namespace = `conformance${process.pid}`;
const settings = { subjectPrefix: namespace, stream: { name: "CONFORMANCE_EVENTS" }, deadLetter: { stream: "CONFORMANCE_EVENTS_DLQ" }, reconnectWaitMs: 100 };

afterAll(async () => {
  await (await server)?.stop();
});

conformanceSuite({
  name: "nats",
  createTransport: async () => {
    server ??= startNatsServer();
    return natsTransport({ servers: (await server).url, ...settings });
  },
  capabilities: natsTransport().capabilities,
  crash: async (transport: Transport) => (transport as NatsTransport).abort(),
  brokerDown: async (outageTimeoutMs) => {
    const down = await startNatsServer();
    await down.kill();
    return { transport: natsTransport({ servers: down.url, ...settings, outageTimeoutMs }), up: () => down.restart(), down: () => down.kill(), stop: () => down.stop() };
  },
  poison: async (type, count) => {
    const nc = await connect({ servers: (await server!).url });
    for (let i = 0; i < count; i++) nc.publish(`${namespace}.${type}`, `{not json ${i}`);
    await nc.flush();
    await nc.close();
  },
});
