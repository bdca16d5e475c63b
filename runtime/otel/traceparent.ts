/** W3C `traceparent` (version 00) to and from an OpenTelemetry SpanContext, without a propagator to register. */
import type { SpanContext } from "@opentelemetry/api";

/** Version, trace id, parent id and flags; a later version may append fields after another `-`. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-|$)/;
const ZERO_TRACE = "00000000000000000000000000000000";
const ZERO_SPAN = "0000000000000000";

export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/** The remote span context a `traceparent` names, or `undefined` when it is absent or malformed. */
export function parseTraceparent(value: string | undefined): SpanContext | undefined {
  // on every delivery: one anchored test, then fixed offsets
  if (value === undefined || !TRACEPARENT.test(value)) return undefined;
  const version = value.slice(0, 2);
  // version ff is forbidden; version 00 has exactly four fields
  if (version === "ff" || (version === "00" && value.length !== 55)) return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, traceFlags: parseInt(value.slice(53, 55), 16), isRemote: true };
}
