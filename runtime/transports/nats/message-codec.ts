/**
 * Events <-> NATS messages in CloudEvents binary mode: attributes as `ce-*` headers, the data
 * encoded once as JSON in the body (encodeBinary / decodeBinary from the envelope contract).
 */
import { MsgHdrsImpl, type Msg, type MsgHdrs } from "@nats-io/nats-core";
import type { JsMsg } from "@nats-io/jetstream";
import { decodeBinary, encodeBinary, type CloudEvent } from "../../bus/envelope.js";
import { EventsmithError } from "../../bus/errors.js";
import type { RawMessage } from "../../bus/transport.js";

/** eventsmith's own headers (not CloudEvents attributes). */
export const HEADER = {
  /** On a replayed dead letter: only this group's consumer delivers it; the others skip it. */
  replayGroup: "Eventsmith-Replay-Group",
  /** On a dead letter: the group that gave up on the event. */
  group: "Eventsmith-Group",
  /** On a reply: the responder failed; the value is the error code, the body `{ name, message }`. */
  error: "Eventsmith-Error",
  /** On a request: how long its requester waits for the reply, in milliseconds. */
  timeout: "Eventsmith-Timeout-Ms",
} as const;

export interface EncodedEvent {
  headers: MsgHdrs;
  body: string;
}

export function encodeEvent(event: CloudEvent, extra?: Record<string, string>): EncodedEvent {
  const binary = encodeBinary(event);
  return { headers: toHeaders(extra === undefined ? binary.headers : { ...binary.headers, ...extra }), body: binary.body };
}

/** Header name -> value (repeated headers joined with ", "). */
export type HeaderMap = ReadonlyMap<string, string>;

const NO_HEADERS: HeaderMap = new Map();
const decoder = new TextDecoder();

/** The raw parts of a nats.js 3.4 message; absent if a future version changes them. */
interface RawParts {
  _rdata?: Uint8Array;
  _msg?: { hdr?: number };
}

/**
 * A message's headers, read straight from its header bytes: nats.js decodes headers into a
 * MsgHdrs with a key scan and a regular expression per header, which costs more than all
 * the rest of receiving an event. Falls back to `msg.headers` when the raw parts are missing.
 */
export function readHeaders(msg: Msg | JsMsg): HeaderMap {
  const raw = ("msg" in msg ? msg.msg : msg) as unknown as RawParts;
  const length = raw._msg?.hdr;
  if (raw._rdata === undefined || length === undefined) return fromMsgHdrs(msg.headers);
  if (length < 0) return NO_HEADERS;
  const block = decoder.decode(raw._rdata.subarray(0, length));
  const map = new Map<string, string>();
  // "NATS/1.0[ status]\r\nName: value\r\n...\r\n\r\n": skip the status line.
  for (let start = block.indexOf("\r\n") + 2, end; start > 1 && (end = block.indexOf("\r\n", start)) > start; start = end + 2) {
    const colon = block.indexOf(":", start);
    if (colon === -1 || colon > end) continue;
    const key = block.slice(start, colon);
    const value = block.slice(colon + 1, end).trim();
    const seen = map.get(key);
    map.set(key, seen === undefined ? value : `${seen}, ${value}`);
  }
  return map;
}

function fromMsgHdrs(headers: MsgHdrs | undefined): HeaderMap {
  if (headers === undefined) return NO_HEADERS;
  return new Map([...headers].map(([key, values]) => [key, values.join(", ")]));
}

// One getter for every decode (no closure per message); decodeBinary is synchronous.
let decoding: HeaderMap = NO_HEADERS;
const header = (name: string): string | undefined => decoding.get(name) || undefined;

/** Throws EnvelopeError for a message that is not an eventsmith event. */
export function decodeEvent(headers: HeaderMap, body: string): CloudEvent {
  decoding = headers;
  try {
    return decodeBinary(header, body);
  } finally {
    decoding = NO_HEADERS;
  }
}

const LINE_BREAK = /[\r\n]/;

/**
 * Headers from a record, built in one step: `MsgHdrs.set` rescans every key per call, which
 * costs more than the rest of an acknowledged publish's client work. Values are checked for
 * line breaks here instead (a tenant id with CRLF must not inject headers).
 */
export function toHeaders(record: Record<string, string>): MsgHdrs {
  const values: Record<string, string[]> = {};
  for (const key in record) {
    const value = record[key]!;
    if (LINE_BREAK.test(value)) throw new EventsmithError(`header ${key} cannot contain a line break: ${JSON.stringify(value)}`, "INVALID_HEADER");
    values[key] = [value];
  }
  return MsgHdrsImpl.fromRecord(values);
}

/** A message kept as it arrived, for dead letters of undecodable messages. */
export function rawMessage(headers: HeaderMap, body: string): RawMessage {
  return { headers: Object.fromEntries(headers), body };
}
