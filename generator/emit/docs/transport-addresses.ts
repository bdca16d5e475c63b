/**
 * Where each event travels on the NATS and Redis transports with the catalog's settings
 * (`x-eventsmith.nats` / `.redis`), from the transports' public address contract, so the
 * docs can never disagree with them. Options given to `natsTransport()` / `redisTransport()`
 * at run time may still override the prefix or namespace; the docs say so.
 */
import { natsAddresses, redisAddresses } from "../../../runtime/transports/addresses.js";
import type { CatalogIR } from "../../ir/types.js";
import { catalogSlug } from "../naming.js";

export interface TransportAddresses {
  /** The JetStream stream that stores the catalog's events. */
  natsStream: string;
  natsSubject(event: string): string;
  /** Dead letters of an event on NATS. */
  natsDeadLetterSubject(event: string): string;
  redisStream(event: string): string;
}

/** The settings must be ones the check found valid (the transport-settings check). */
export function transportAddresses(ir: Pick<CatalogIR, "title" | "settings">): TransportAddresses {
  const name = catalogSlug(ir.title);
  const nats = natsAddresses(name, ir.settings.nats);
  const redis = redisAddresses(name, ir.settings.redis);
  return {
    natsStream: nats.stream,
    natsSubject: nats.subject,
    natsDeadLetterSubject: nats.deadLetterSubject,
    redisStream: redis.stream,
  };
}
