/** W3C `traceparent` (version 00) to and from an OpenTelemetry SpanContext, without a propagator to register. */
import type { SpanContext } from "@opentelemetry/api";

const ZERO_TRACE = "00000000000000000000000000000000";
const ZERO_SPAN = "0000000000000000";

export function formatTraceparent(context: SpanContext): string {
  const flags = context.traceFlags & 0xff;
  // on every publish: the two flags in use need no number formatting
  return `00-${context.traceId}-${context.spanId}-${flags === 1 ? "01" : flags === 0 ? "00" : flags.toString(16).padStart(2, "0")}`;
}

/** The remote span context a `traceparent` names, or `undefined` when it is absent or malformed. */
export function parseTraceparent(value: string | undefined): SpanContext | undefined {
  // on every delivery: fixed offsets, no regular expression
  if (value === undefined || value.length < 55 || !wellFormed(value)) return undefined;
  const version = value.slice(0, 2);
  // version ff is forbidden; version 00 has exactly four fields
  if (version === "ff" || (version === "00" && value.length !== 55)) return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, traceFlags: parseInt(value.slice(53, 55), 16), isRemote: true };
}

/** `vv-<32 hex>-<16 hex>-ff`, lower-case hex, then the end or (a later version's) `-`. */
function wellFormed(value: string): boolean {
  for (let i = 0; i < 55; i++) {
    const code = value.charCodeAt(i);
    if (i === 2 || i === 35 || i === 52) {
      if (code !== 45) return false;
    } else if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return value.length === 55 || value.charCodeAt(55) === 45;
}
