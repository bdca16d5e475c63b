/**
 * The NATS settings a transport runs with: the catalog's `x-eventsmith.nats` (as written in
 * YAML), overridden field by field by `natsTransport()` options, checked, with defaults.
 * Unknown keys and bad values are errors naming where they came from.
 */
import { InvalidOptionsError } from "../../bus/errors.js";
import { checkOptions, type Shape } from "../../bus/option-checks.js";
import { parseDuration, parseSize } from "./units.js";

/** Stream settings as written in the catalog or passed as options. */
export interface StreamInput {
  /** Stream name (default: the catalog name in upper snake case + `_EVENTS`). */
  name?: string;
  /** Subjects the stream captures (default: `<domain>.>` for every first token of the catalog's events). */
  subjects?: string[];
  /** `file` (default) or `memory`. */
  storage?: "file" | "memory";
  /** `limits` (default), `interest` or `workqueue` (workqueue allows one group per subject). */
  retention?: "limits" | "interest" | "workqueue";
  /** How long events are kept: `7d`, `12h`, or milliseconds; 0 = forever (default). */
  maxAge?: string | number;
  /** Size limit: `10GB`, or bytes; -1 = unlimited (default). */
  maxBytes?: string | number;
  /** Replicas of this stream alone (default: the top-level `replicas`). */
  replicas?: number;
  /** Window in which a repeated event id is dropped as a duplicate (default `2m`). */
  duplicateWindow?: string | number;
}

/** Dead-letter destination as written in the catalog or passed as options. */
export interface DeadLetterInput {
  /** DLQ stream name (default: the event stream's name + `_DLQ`). */
  stream?: string;
  /** First subject token(s) of dead letters: an event from `contact.created` lands on `dlq.contact.created` (default `dlq`). */
  subjectPrefix?: string;
}

/** `x-eventsmith.nats` in a catalog; the same shape overrides it through options. */
export interface NatsCatalogSettings {
  /** Prepended to every subject (`acme` puts `contact.created` on `acme.contact.created`). */
  subjectPrefix?: string;
  /**
   * Copies of every stream the transport provisions (events and dead letters), and so of their
   * consumers: 1 (default) for a single server, 3 (or 5) on a JetStream cluster, where the
   * streams and durable consumers then survive the loss of any one (or two) nodes.
   */
  replicas?: number;
  stream?: StreamInput;
  deadLetter?: DeadLetterInput;
}

export interface StreamSettings {
  name: string;
  /** Undefined: derived from the catalog's events. */
  subjects: string[] | undefined;
  storage: "file" | "memory";
  retention: "limits" | "interest" | "workqueue";
  maxAgeMs: number;
  maxBytes: number;
  replicas: number;
  duplicateWindowMs: number;
}

export interface NatsSettings {
  subjectPrefix: string;
  stream: StreamSettings;
  deadLetter: { stream: string; subjectPrefix: string };
}

type Check = Shape[string];

const NAME = /^[A-Za-z0-9_-]+$/;
const SUBJECT_TOKENS = /^[^\s.*>]+(\.[^\s.*>]+)*$/;

const streamName: Check = (value, path) => {
  if (typeof value !== "string" || !NAME.test(value)) {
    throw new InvalidOptionsError(path, "must be a stream name of A-Z, a-z, 0-9, _ or -");
  }
};
const subjectTokens: Check = (value, path) => {
  if (typeof value !== "string" || !SUBJECT_TOKENS.test(value)) {
    throw new InvalidOptionsError(path, "must be one or more dot-separated subject tokens without spaces or wildcards");
  }
};
const oneOf =
  (...allowed: string[]): Check =>
  (value, path) => {
    if (typeof value !== "string" || !allowed.includes(value)) throw new InvalidOptionsError(path, `must be one of ${allowed.join(", ")}`);
  };
const subjectList: Check = (value, path) => {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidOptionsError(path, "must be a non-empty list of subjects");
  value.forEach((subject, index) => {
    if (typeof subject !== "string" || !/^[^\s]+$/.test(subject)) throw new InvalidOptionsError(`${path}[${index}]`, "must be a subject");
  });
};

const replicas: Check = (value, path) => {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 5) throw new InvalidOptionsError(path, "must be an integer from 1 to 5");
};

const STREAM: Shape = {
  name: streamName,
  subjects: subjectList,
  storage: oneOf("file", "memory"),
  retention: oneOf("limits", "interest", "workqueue"),
  maxAge: parseDuration,
  maxBytes: parseSize,
  replicas,
  duplicateWindow: parseDuration,
};
const DEAD_LETTER: Shape = { stream: streamName, subjectPrefix: subjectTokens };
/** Checkers of the settings keys, shared with the transport options (which may override them). */
export const SETTINGS: Shape = {
  subjectPrefix: subjectTokens,
  replicas,
  stream: (value, path) => checkOptions(value, STREAM, path),
  deadLetter: (value, path) => checkOptions(value, DEAD_LETTER, path),
};

/** Checks one source of settings (catalog or options); `path` names it in errors. */
export function checkNatsSettings(value: unknown, path: string): NatsCatalogSettings {
  checkOptions(value, SETTINGS, path);
  return (value ?? {}) as NatsCatalogSettings;
}

/**
 * Merges the catalog's settings with the options' (options win, field by field) and
 * fills the defaults. Both inputs must have been through `checkNatsSettings`. Replicas given
 * in the options, either way, beat the catalog's: the deployment knows its cluster.
 */
export function resolveNatsSettings(catalogName: string, fromCatalog: NatsCatalogSettings, fromOptions: NatsCatalogSettings): NatsSettings {
  const stream = { ...fromCatalog.stream, ...fromOptions.stream };
  const deadLetter = { ...fromCatalog.deadLetter, ...fromOptions.deadLetter };
  const name = stream.name ?? `${catalogName.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_EVENTS`;
  return {
    subjectPrefix: fromOptions.subjectPrefix ?? fromCatalog.subjectPrefix ?? "",
    stream: {
      name,
      subjects: stream.subjects,
      storage: stream.storage ?? "file",
      retention: stream.retention ?? "limits",
      maxAgeMs: stream.maxAge === undefined ? 0 : parseDuration(stream.maxAge, "stream.maxAge"),
      maxBytes: stream.maxBytes === undefined ? -1 : parseSize(stream.maxBytes, "stream.maxBytes"),
      replicas: fromOptions.stream?.replicas ?? fromOptions.replicas ?? fromCatalog.stream?.replicas ?? fromCatalog.replicas ?? 1,
      duplicateWindowMs: stream.duplicateWindow === undefined ? 120_000 : parseDuration(stream.duplicateWindow, "stream.duplicateWindow"),
    },
    deadLetter: { stream: deadLetter.stream ?? `${name}_DLQ`, subjectPrefix: deadLetter.subjectPrefix ?? "dlq" },
  };
}
