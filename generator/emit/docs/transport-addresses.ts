/**
 * Where each event travels on the NATS and Redis transports with the catalog's settings
 * (`x-eventsmith.nats` / `.redis`), computed by the transports' own exported functions so the
 * docs can never disagree with them. Options given to `natsTransport()` / `redisTransport()`
 * at run time may still override the prefix or namespace; the docs say so.
 */
import { resolveNatsSettings, checkNatsSettings } from "../../../runtime/transports/nats/settings.js";
import { Subjects } from "../../../runtime/transports/nats/subjects.js";
import { KeyLayout } from "../../../runtime/transports/redis/keys.js";
import { resolveOptions } from "../../../runtime/transports/redis/options.js";
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

export function transportAddresses(ir: Pick<CatalogIR, "title" | "settings">): TransportAddresses {
  const name = catalogSlug(ir.title);
  const nats = resolveNatsSettings(name, checkNatsSettings(ir.settings.nats, "catalog x-eventsmith.nats"), {});
  const subjects = new Subjects(nats.subjectPrefix, nats.deadLetter.subjectPrefix);
  const keys = new KeyLayout(resolveOptions({}, name, ir.settings.redis).namespace);
  return {
    natsStream: nats.stream.name,
    natsSubject: (event) => subjects.event(event),
    natsDeadLetterSubject: (event) => subjects.deadLetter(subjects.event(event)),
    redisStream: (event) => keys.stream(event),
  };
}
