/**
 * Stream entries: a CloudEvent in binary mode is the `ce-*` fields plus `content-type` and a
 * `data` field holding the JSON encoded once (envelope.ts); retry-stream entries add
 * `es-attempt`, the attempts already made. Also the parsing of XREADGROUP-shaped replies.
 */
import { decodeBinary, encodeBinary, EnvelopeError, type CloudEvent } from "../../bus/envelope.js";
import type { RawMessage } from "../../bus/transport.js";

export const DATA_FIELD = "data";
export const ATTEMPT_FIELD = "es-attempt";

/** Flat field list for XADD: `ce-id`, id, …, `data`, JSON. */
export function eventFields(event: CloudEvent): string[] {
  const { headers, body } = encodeBinary(event);
  const fields: string[] = [];
  for (const name in headers) fields.push(name, headers[name] as string);
  fields.push(DATA_FIELD, body);
  return fields;
}

/** The fields without the transport's own (`es-*`): what a retry or a replay carries on. */
export function originalFields(fields: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (!(fields[i] as string).startsWith("es-")) out.push(fields[i] as string, fields[i + 1] as string);
  }
  return out;
}

export function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

export type DecodedEntry = { ok: true; event: CloudEvent } | { ok: false; raw: RawMessage; error: EnvelopeError };

/** Turns entry fields into an event, or says why they are not one (the entry is then dead-lettered). */
export function decodeFields(fields: readonly string[]): DecodedEntry {
  return decodeWellFormed(fields) ?? decodeChecked(fields);
}

/**
 * The hot path: one pass over the fields for an entry exactly as encodeBinary writes it,
 * building the same event decodeBinary would (test/transports/redis/entry.test.ts holds them
 * equal). Anything unusual returns undefined and goes through decodeBinary, which owns the
 * rules and the error messages.
 */
function decodeWellFormed(fields: readonly string[]): DecodedEntry | undefined {
  let id, source, type, time, specversion, dataschema, correlationid, tenantid, causationid, traceparent, contentType, body;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1];
    switch (fields[i]) {
      case "ce-id": id = value; break;
      case "ce-source": source = value; break;
      case "ce-type": type = value; break;
      case "ce-time": time = value; break;
      case "ce-specversion": specversion = value; break;
      case "ce-dataschema": dataschema = value; break;
      case "ce-correlationid": correlationid = value; break;
      case "ce-tenantid": tenantid = value; break;
      case "ce-causationid": causationid = value; break;
      case "ce-traceparent": traceparent = value; break;
      case "content-type": contentType = value; break;
      case DATA_FIELD: body = value; break;
    }
  }
  if (!id || !source || !type || !time || specversion !== "1.0" || !dataschema || !correlationid || body === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return undefined;
  }
  const event: CloudEvent = { id, source, type, time, specversion, dataschema, correlationid, datacontenttype: contentType ?? "application/json", data };
  if (tenantid !== undefined) event.tenantid = tenantid;
  if (causationid !== undefined) event.causationid = causationid;
  if (traceparent !== undefined) event.traceparent = traceparent;
  return { ok: true, event };
}

function decodeChecked(fields: readonly string[]): DecodedEntry {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i] as string;
    if (name === DATA_FIELD) body = fields[i + 1];
    else if (!name.startsWith("es-")) headers[name] = fields[i + 1] as string;
  }
  if (body === undefined) {
    const error = new EnvelopeError(`entry has no "${DATA_FIELD}" field`, "MISSING_ATTRIBUTE");
    return { ok: false, raw: { headers, body: "" }, error };
  }
  try {
    return { ok: true, event: decodeBinary((name) => headers[name], body) };
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    return { ok: false, raw: { headers, body }, error };
  }
}

/** An XREADGROUP reply: per stream, its entries; an entry's fields are null when it was trimmed while pending. */
export type ReadReply = [stream: string, entries: [id: string, fields: string[] | null][]][] | null;

/** Milliseconds part of a stream id: when the entry was added (server clock). */
export function entryTime(id: string): number {
  return Number(id.slice(0, id.indexOf("-")));
}

/** Orders stream ids numerically (`<ms>-<seq>`). */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am - bm || as - bs;
}
