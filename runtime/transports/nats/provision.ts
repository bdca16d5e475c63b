/**
 * Idempotent stream provisioning. A missing stream is created; an existing one is checked
 * field by field against what the catalog asks for. Subjects it lacks are added (that loses
 * nothing); any other difference is a conflict reported with every differing field, never
 * silently "fixed" (changing retention or limits of a live stream can drop events).
 */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StreamConfig, type StreamInfo } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import { EventsmithError } from "../../bus/errors.js";
import type { Logger } from "../../bus/transport.js";
import type { StreamSettings } from "./settings.js";
import { covers } from "./subjects.js";
import { formatDuration, formatSize } from "./units.js";

/** What one stream should look like. */
export interface WantedStream extends Omit<StreamSettings, "subjects"> {
  subjects: string[];
  /** Where the settings came from, for messages: `x-eventsmith.nats.stream`. */
  origin: string;
}

interface Field {
  label: string;
  there: (config: StreamConfig) => unknown;
  wanted: (stream: WantedStream) => unknown;
  show: (value: unknown) => string;
}

const text = (value: unknown) => String(value);
const FIELDS: Field[] = [
  { label: "storage", there: (c) => c.storage, wanted: (s) => s.storage, show: text },
  { label: "retention", there: (c) => c.retention, wanted: (s) => s.retention, show: text },
  { label: "maxAge", there: (c) => c.max_age, wanted: (s) => nanos(s.maxAgeMs), show: (v) => formatDuration(Number(v) / 1e6) },
  { label: "maxBytes", there: (c) => c.max_bytes, wanted: (s) => s.maxBytes, show: (v) => formatSize(Number(v)) },
  { label: "replicas", there: (c) => c.num_replicas, wanted: (s) => s.replicas, show: text },
  {
    label: "duplicateWindow",
    there: (c) => c.duplicate_window,
    wanted: (s) => nanos(s.duplicateWindowMs),
    show: (v) => formatDuration(Number(v) / 1e6),
  },
];

export async function ensureStream(jsm: JetStreamManager, wanted: WantedStream, logger: Logger): Promise<void> {
  let info = await streamInfo(jsm, wanted.name);
  if (info === undefined) {
    try {
      await jsm.streams.add(toConfig(wanted));
      logger.info("created NATS stream", { stream: wanted.name, subjects: wanted.subjects });
      return;
    } catch (error) {
      // Another process may have created it at the same moment: check what it made.
      info = await streamInfo(jsm, wanted.name);
      if (info === undefined) throw provisioningError(wanted, error);
    }
  }
  const conflicts = FIELDS.filter((field) => field.there(info.config) !== field.wanted(wanted)).map(
    (field) => `${field.label} is ${field.show(field.there(info.config))} there, ${field.show(field.wanted(wanted))} wanted`,
  );
  if (conflicts.length > 0) {
    throw new EventsmithError(
      `NATS stream ${wanted.name} exists with a different configuration: ${conflicts.join("; ")}. ` +
        `Change ${wanted.origin} (or the natsTransport options) to match, or change the stream with \`nats stream edit ${wanted.name}\``,
      "NATS_STREAM_CONFLICT",
    );
  }
  const missing = wanted.subjects.filter((subject) => !info.config.subjects.some((have) => covers(have, subject)));
  if (missing.length > 0) {
    try {
      // Subjects the new ones cover would overlap them: the stream keeps the wider ones.
      const kept = info.config.subjects.filter((have) => !missing.some((subject) => covers(subject, have)));
      await jsm.streams.update(wanted.name, { subjects: [...kept, ...missing] });
    } catch (error) {
      throw provisioningError(wanted, error);
    }
    logger.info("added subjects to NATS stream", { stream: wanted.name, subjects: missing });
  }
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw error;
  }
}

function toConfig(wanted: WantedStream): Partial<StreamConfig> & { name: string } {
  return {
    name: wanted.name,
    subjects: wanted.subjects,
    storage: wanted.storage as StreamConfig["storage"],
    retention: wanted.retention as StreamConfig["retention"],
    max_age: nanos(wanted.maxAgeMs),
    max_bytes: wanted.maxBytes,
    num_replicas: wanted.replicas,
    duplicate_window: nanos(wanted.duplicateWindowMs),
  };
}

function provisioningError(wanted: WantedStream, error: unknown): EventsmithError {
  const reason = error instanceof Error ? error.message : String(error);
  return new EventsmithError(
    `could not provision NATS stream ${wanted.name} (subjects ${wanted.subjects.join(", ")}; from ${wanted.origin}): ${reason}`,
    "NATS_PROVISIONING",
    { cause: error },
  );
}
