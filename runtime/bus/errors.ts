/**
 * The runtime's error classes. Each carries a stable `code` so callers (and dead letters)
 * can tell failures apart without parsing messages.
 */
import { formatIssues, type ValidationIssue } from "./validation.js";

export class EventsmithError extends Error {
  override readonly name: string = "EventsmithError";
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One invalid payload of a `publish` / `publishMany` call. */
export interface PublishViolation {
  /** Position in the `publishMany` batch (0 for `publish`). */
  index: number;
  event: string;
  issues: ValidationIssue[];
}

/** Publish refused because payloads do not match their schemas; nothing was sent. Lists every violation. */
export class PublishValidationError extends EventsmithError {
  override readonly name = "PublishValidationError";
  constructor(readonly violations: readonly PublishViolation[]) {
    super(
      violations
        .map((v) => `${violations.length > 1 ? `[${v.index}] ` : ""}${v.event}: ${formatIssues(v.issues)}`)
        .join("\n"),
      "VALIDATION_FAILED",
    );
  }

  /** Every issue of every violation. */
  get issues(): ValidationIssue[] {
    return this.violations.flatMap((v) => v.issues);
  }
}

/** A name or pattern that matches no event of the catalog. */
export class UnknownEventError extends EventsmithError {
  override readonly name = "UnknownEventError";
  constructor(readonly event: string, known: readonly string[]) {
    super(`unknown event "${event}": the catalog has ${describeKnown(known)}`, "UNKNOWN_EVENT");
  }
}

/** A service's bus asked to publish an event the service does not send, or to receive one it does not receive. */
export class ServiceEventError extends EventsmithError {
  override readonly name = "ServiceEventError";
  constructor(
    readonly service: string,
    readonly event: string,
    readonly direction: "send" | "receive",
    allowed: readonly string[],
  ) {
    super(`service "${service}" does not ${direction} "${event}": per the catalog it ${direction}s ${describeKnown(allowed)}`, "NOT_A_SERVICE_EVENT");
  }
}

/** A subscription pattern that is not well formed (empty token, `>` not last, whitespace). */
export class InvalidPatternError extends EventsmithError {
  override readonly name = "InvalidPatternError";
  constructor(readonly pattern: string, reason: string) {
    super(`invalid pattern "${pattern}": ${reason}`, "INVALID_PATTERN");
  }
}

/** Bad options: an unknown key, a wrong type or an out-of-range value. `path` names the option. */
export class InvalidOptionsError extends EventsmithError {
  override readonly name = "InvalidOptionsError";
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`, "INVALID_OPTIONS");
  }
}

/** The bus (or transport) is closing or closed and takes no new work. */
export class BusClosedError extends EventsmithError {
  override readonly name = "BusClosedError";
  constructor(what = "the event bus") {
    super(`${what} is closed`, "BUS_CLOSED");
  }
}

/**
 * The broker stayed unreachable for the transport's whole outage wait (`outageTimeoutMs`).
 * The same code on every transport; see the README's table of situations and codes.
 */
export class TransportUnavailableError extends EventsmithError {
  override readonly name = "TransportUnavailableError";
  constructor(what: string, transport: string, waitedMs: number, reason?: string) {
    super(`${what}: the ${transport} broker was unreachable for ${waitedMs} ms${reason === undefined ? "" : ` (last error: ${reason})`}`, "TRANSPORT_UNAVAILABLE");
  }
}

/**
 * A publish with `durability: "replicated"` reached the primary, but no replica acknowledged it
 * within the wait: the event may be lost if that primary fails before replicating it. Publishing
 * it again is safe (the same id is deduplicated).
 */
export class ReplicationTimeoutError extends EventsmithError {
  override readonly name = "ReplicationTimeoutError";
  constructor(what: string, transport: string, waitedMs: number) {
    super(`${what}: no ${transport} replica acknowledged the write within ${waitedMs} ms`, "REPLICATION_TIMEOUT");
  }
}

/** `request` / `reply` on a transport without the `requestReply` capability. */
export class RequestReplyUnsupportedError extends EventsmithError {
  override readonly name = "RequestReplyUnsupportedError";
  constructor(transport: string) {
    super(`the ${transport} transport does not support request/reply (capability requestReply is false)`, "REQUEST_REPLY_UNSUPPORTED");
  }
}

/** No responder is serving the requested event. */
export class NoRespondersError extends EventsmithError {
  override readonly name = "NoRespondersError";
  constructor(readonly event: string) {
    super(`no responders for "${event}"`, "NO_RESPONDERS");
  }
}

/** A request got no reply within its timeout. */
export class RequestTimeoutError extends EventsmithError {
  override readonly name = "RequestTimeoutError";
  constructor(readonly event: string, readonly timeoutMs: number) {
    super(`no reply to "${event}" within ${timeoutMs} ms`, "REQUEST_TIMEOUT");
  }
}

/** A reply that is not one of the request's declared replies, or whose payload is invalid. */
export class InvalidReplyError extends EventsmithError {
  override readonly name = "InvalidReplyError";
  constructor(message: string) {
    super(message, "INVALID_REPLY");
  }
}

/** A handler that ran past its subscription's `timeout`. */
export class HandlerTimeoutError extends EventsmithError {
  override readonly name = "HandlerTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`handler did not finish within ${timeoutMs} ms`, "TIMEOUT");
  }
}

/**
 * Throw it from a handler to send the event straight to the dead-letter destination without
 * retrying (the default `nonRetryable` predicate recognises it).
 */
export class NonRetryableError extends EventsmithError {
  override readonly name = "NonRetryableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "NON_RETRYABLE", options);
  }
}

/** An abort signal fired before the operation finished. */
export class AbortedError extends EventsmithError {
  override readonly name = "AbortError";
  constructor(what: string, reason?: unknown) {
    super(`${what} was aborted`, "ABORTED", { cause: reason });
  }
}

function describeKnown(known: readonly string[]): string {
  if (known.length === 0) return "no events";
  const shown = known.slice(0, 8).join(", ");
  return known.length > 8 ? `${known.length} events (${shown}, …)` : `${shown}`;
}
