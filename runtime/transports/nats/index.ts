/**
 * `eventsmith/nats`: the NATS JetStream transport. Needs the optional peer dependencies
 * `@nats-io/transport-node`, `@nats-io/jetstream` and `@nats-io/nats-core`.
 *
 *   const bus = createEventBus({ transport: natsTransport({ servers: "nats://127.0.0.1:4222" }) });
 */
import { NatsTransport } from "./transport.js";
import type { NatsTransportOptions } from "./options.js";

export function natsTransport(options?: NatsTransportOptions): NatsTransport {
  return new NatsTransport(options);
}

export { NatsTransport };
export type { NatsTransportOptions };
export type { DeadLetterInput, NatsCatalogSettings, StreamInput } from "./settings.js";
