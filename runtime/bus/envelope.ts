/**
 * The event envelope: a CloudEvents 1.0 event with eventsmith's extensions.
 * On NATS and Redis it travels in binary mode: attributes as `ce-*` headers / fields,
 * `data` encoded once as JSON (see `encodeBinary` / `decodeBinary`).
 */

export interface CloudEvent<TType extends string = string, TData = unknown> {
  /** Time-ordered unique id (UUIDv7); the transport deduplicates on it. */
  id: string;
  /** The producing service. */
  source: string;
  /** The event name, e.g. `contact.created`. */
  type: TType;
  /** RFC 3339 time the event was created. */
  time: string;
  specversion: "1.0";
  datacontenttype: string;
  /** `<catalog>/<event>/<version>`: identifies the schema the data was validated against. */
  dataschema: string;
  tenantid?: string;
  correlationid: string;
  causationid?: string;
  traceparent?: string;
  data: TData;
}

/** The attributes of an event, i.e. everything but `data`. */
export type CloudEventAttributes = Omit<CloudEvent, "data">;

const HEADER_PREFIX = "ce-";
const REQUIRED = ["id", "source", "type", "time", "specversion", "dataschema", "correlationid"] as const;
const OPTIONAL = ["tenantid", "causationid", "traceparent"] as const;

/** Binary-mode form: string headers plus the JSON-encoded data. */
export interface BinaryEvent {
  headers: Record<string, string>;
  /** `JSON.stringify(event.data)`. */
  body: string;
}

export function encodeBinary(event: CloudEvent): BinaryEvent {
  const headers: Record<string, string> = { "content-type": event.datacontenttype };
  for (const key of REQUIRED) headers[HEADER_PREFIX + key] = event[key];
  for (const key of OPTIONAL) {
    const value = event[key];
    if (value !== undefined) headers[HEADER_PREFIX + key] = value;
  }
  return { headers, body: JSON.stringify(event.data) };
}

/** Why a received message could not be turned into an event (it goes to the DLQ with this reason). */
export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
  constructor(
    message: string,
    readonly code: "MISSING_ATTRIBUTE" | "INVALID_JSON" | "UNSUPPORTED_SPECVERSION",
  ) {
    super(message);
  }
}

/**
 * What a transport hands the bus for a message that did not decode (see `Delivery.undecodable`):
 * whatever attributes could be read, empty strings for the rest, the body as it arrived.
 */
export function undecodableEvent(raw: { headers: Record<string, string>; body: string }): CloudEvent {
  const h = raw.headers;
  return {
    id: h["ce-id"] ?? "",
    source: h["ce-source"] ?? "",
    type: h["ce-type"] ?? "",
    time: h["ce-time"] ?? "",
    specversion: "1.0",
    datacontenttype: h["content-type"] ?? "application/octet-stream",
    dataschema: h["ce-dataschema"] ?? "",
    correlationid: h["ce-correlationid"] ?? "",
    data: raw.body,
  };
}

/** Reverses `encodeBinary`; throws `EnvelopeError` for a message that is not an eventsmith event. */
export function decodeBinary(headers: (name: string) => string | undefined, body: string): CloudEvent {
  // hot path (every received message): constant header names, one object literal, no spreads
  const id = headers("ce-id");
  const source = headers("ce-source");
  const type = headers("ce-type");
  const time = headers("ce-time");
  const specversion = headers("ce-specversion");
  const dataschema = headers("ce-dataschema");
  const correlationid = headers("ce-correlationid");
  if (!id || !source || !type || !time || !specversion || !dataschema || !correlationid) {
    const missing = REQUIRED.find((key) => !headers(HEADER_PREFIX + key));
    throw new EnvelopeError(`missing CloudEvents attribute ce-${missing}`, "MISSING_ATTRIBUTE");
  }
  if (specversion !== "1.0") throw new EnvelopeError(`unsupported specversion ${specversion}`, "UNSUPPORTED_SPECVERSION");
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new EnvelopeError(`data is not valid JSON: ${(error as Error).message}`, "INVALID_JSON");
  }
  const event: CloudEvent = {
    id,
    source,
    type,
    time,
    specversion,
    datacontenttype: headers("content-type") ?? "application/json",
    dataschema,
    correlationid,
    data,
  };
  const tenantid = headers("ce-tenantid");
  if (tenantid !== undefined) event.tenantid = tenantid;
  const causationid = headers("ce-causationid");
  if (causationid !== undefined) event.causationid = causationid;
  const traceparent = headers("ce-traceparent");
  if (traceparent !== undefined) event.traceparent = traceparent;
  return event;
}
