/** W3C `traceparent` (version 00) to and from an OpenTelemetry SpanContext, without a propagator to register. */
import { isSpanContextValid, type SpanContext } from "@opentelemetry/api";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/** The remote span context a `traceparent` names, or `undefined` when it is absent or malformed. */
export function parseTraceparent(value: string | undefined): SpanContext | undefined {
  if (value === undefined) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  // version ff is forbidden; version 00 has exactly four fields
  if (match === null || match[1] === "ff" || (match[1] === "00" && value.trim().length !== 55)) return undefined;
  const context: SpanContext = { traceId: match[2]!, spanId: match[3]!, traceFlags: parseInt(match[4]!, 16), isRemote: true };
  return isSpanContextValid(context) ? context : undefined;
}
