/**
 * The conformance suite against a private `nats-server -js` (file storage in its own
 * directory). One namespace (subject prefix and streams) for the file: the suite keeps tests
 * apart with unique groups and tenants.
 */
import { afterAll } from "vitest";
import { natsTransport, type NatsTransport } from "eventsmith/nats";
import type { Transport } from "eventsmith/runtime";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { conformanceSuite } from "./suite.js";

let server: Promise<NatsServer> | undefined;
const namespace = `conformance${process.pid}`;

afterAll(async () => {
  await (await server)?.stop();
});

conformanceSuite({
  name: "nats",
  createTransport: async () => {
    server ??= startNatsServer();
    return natsTransport({
      servers: (await server).url,
      subjectPrefix: namespace,
      stream: { name: "CONFORMANCE_EVENTS" },
      deadLetter: { stream: "CONFORMANCE_EVENTS_DLQ" },
      reconnectWaitMs: 100,
    });
  },
  capabilities: natsTransport().capabilities,
  crash: async (transport: Transport) => (transport as NatsTransport).abort(),
});
