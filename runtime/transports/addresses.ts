/**
 * The transports' public contract for where a catalog's events travel, and for which catalog
 * settings (`x-eventsmith.nats` / `.redis`) they accept. Built on the very functions the NATS
 * and Redis transports run with (settings parsers, subject and key layouts), so the generator's
 * check and docs import this module and can never disagree with the runtime, nor reach into it.
 */
import { InvalidOptionsError } from "../bus/errors.js";
import { checkNatsSettings, resolveNatsSettings } from "./nats/settings.js";
import { Subjects } from "./nats/subjects.js";
import { KeyLayout } from "./redis/keys.js";
import { partitioningProblem as redisPartitioningProblem, resolveOptions } from "./redis/options.js";

export type TransportName = "nats" | "redis";

export interface NatsAddresses {
  /** The JetStream stream that stores the catalog's events. */
  stream: string;
  subject(event: string): string;
  /** Where an event's dead letters go. */
  deadLetterSubject(event: string): string;
}

export interface RedisAddresses {
  stream(event: string): string;
}

/** A setting the transport refuses: the key path below `x-eventsmith.<transport>`, and why. */
export interface TransportSettingsProblem {
  path: Array<string | number>;
  message: string;
}

/** The catalog's name as the runtime knows it (`dataschema`, default NATS stream and Redis namespace): its title as a slug. */
export function catalogSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "catalog";
}

/**
 * `catalogName` is the catalog's slug (the default stream name and namespace derive from it).
 * Throws InvalidOptionsError on settings `transportSettingsProblem` reports.
 */
export function natsAddresses(catalogName: string, settings: unknown): NatsAddresses {
  const nats = resolveNatsSettings(catalogName, checkNatsSettings(settings, "x-eventsmith.nats"), {});
  const subjects = new Subjects(nats.subjectPrefix, nats.deadLetter.subjectPrefix);
  return {
    stream: nats.stream.name,
    subject: (event) => subjects.event(event),
    deadLetterSubject: (event) => subjects.deadLetter(subjects.event(event)),
  };
}

export function redisAddresses(catalogName: string, settings: Readonly<Record<string, unknown>>): RedisAddresses {
  const keys = new KeyLayout(resolveOptions({}, catalogName, settings).namespace);
  return { stream: (event) => keys.stream(event) };
}

/** What the transport would refuse in the catalog's settings for it (the first problem), or undefined. */
export function transportSettingsProblem(transport: TransportName, catalogName: string, settings: Readonly<Record<string, unknown>>): TransportSettingsProblem | undefined {
  try {
    if (transport === "nats") natsAddresses(catalogName, settings);
    else redisAddresses(catalogName, settings);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    return { path: keyPath(error.path, transport), message: error.message.slice(error.path.length + 2) };
  }
}

/**
 * What the Redis transport would refuse in a message's `x-eventsmith` stream-partition settings
 * (`partitions`, `partitionKey`): the setting's key and why. Whether the key names a scalar
 * payload field is the catalog check's part (it has the schema).
 */
export function partitioningProblem(setting: { partitions?: unknown; partitionKey?: unknown }): TransportSettingsProblem | undefined {
  const problem = redisPartitioningProblem(setting);
  return problem && { path: [problem.key], message: problem.message };
}

/** `catalog x-eventsmith.redis.batchSize` -> `["batchSize"]`; `x-eventsmith.nats.stream.subjects[0]` -> `["stream", "subjects", 0]`. */
function keyPath(path: string, transport: TransportName): Array<string | number> {
  const marker = `x-eventsmith.${transport}`;
  const at = path.indexOf(marker);
  const rest = at === -1 ? "" : path.slice(at + marker.length);
  return [...rest.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}
