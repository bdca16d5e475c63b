/**
 * Shared setup for the NATS transport tests: one private `nats-server -js` per test file,
 * a fresh namespace (subject prefix + stream names) per bus unless told otherwise, and a raw
 * nats.js connection for looking at, or tampering with, what the transport wrote.
 */
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { createBus, silentLogger, type EventBus } from "eventsmith/runtime";
import { natsTransport, type NatsTransportOptions } from "eventsmith/nats";
import { catalog, type EventMap } from "../../fixtures/runtime/catalog.js";
import { startNatsServer, type NatsServer } from "../../support/nats-server.js";

export interface Namespace {
  subjectPrefix: string;
  stream: string;
  deadLetterStream: string;
}

export interface Harness {
  server: NatsServer;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A new namespace: its own subject prefix and streams. */
  namespace(): Namespace;
  /** A bus over a NATS transport in `namespace` (a new one unless given). */
  bus(options?: { namespace?: Namespace; transport?: NatsTransportOptions }): Opened;
  close(): Promise<void>;
}

export interface Opened {
  bus: EventBus<EventMap>;
  namespace: Namespace;
}

let namespaces = 0;

/** Transport options putting a bus in `namespace` on `server`. */
export function namespaceOptions(server: NatsServer, namespace: Namespace): NatsTransportOptions {
  return {
    servers: server.url,
    subjectPrefix: namespace.subjectPrefix,
    stream: { name: namespace.stream },
    deadLetter: { stream: namespace.deadLetterStream },
    reconnectWaitMs: 100,
  };
}

export async function startHarness(): Promise<Harness> {
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url });
  const opened: Opened[] = [];
  const newNamespace = (): Namespace => {
    const n = `t${process.pid}x${++namespaces}`;
    return { subjectPrefix: n, stream: `${n.toUpperCase()}_EVENTS`, deadLetterStream: `${n.toUpperCase()}_DLQ` };
  };
  return {
    server,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    namespace: newNamespace,
    bus(options = {}) {
      const namespace = options.namespace ?? newNamespace();
      const transport = natsTransport({ ...namespaceOptions(server, namespace), ...options.transport });
      const bus = createBus(catalog, { transport, source: "nats-tests", logger: silentLogger });
      const result = { bus, namespace };
      opened.push(result);
      return result;
    },
    async close() {
      await Promise.allSettled(opened.map(({ bus }) => bus.close()));
      await nc.close();
      await server.stop();
    },
  };
}

/** Runs `body` with a private server of its own (to kill or restart), stopped afterwards. */
export async function withServer<T>(body: (server: NatsServer) => Promise<T>, extraArgs: readonly string[] = []): Promise<T> {
  const server = await startNatsServer(extraArgs);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

/** Resolves once `predicate` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(what: string | (() => string), predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const contact = (n: number) => ({
  contactId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  email: `c${n}@example.com`,
});
