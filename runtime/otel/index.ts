/** `eventsmith/otel`: OpenTelemetry tracing for the bus (`@opentelemetry/api` is an optional peer dependency). */
export { otelTracing, TRACER_NAME, type OtelTracingOptions } from "./otel-tracing.js";
export { formatTraceparent, parseTraceparent } from "./traceparent.js";
