/**
 * `otelTracing(options?)`: a producer span per published event and a consumer span per handling,
 * with OpenTelemetry's messaging attributes. The producer span's context is written into the
 * envelope's `traceparent`; the consumer span continues it and is the active context while the
 * handler runs, so the handler's own publishes join the same trace on every transport.
 * `bus.request` makes a client span and `bus.reply` a server span, joined the same way.
 * With no tracer provider registered every hook returns at once: no span, no allocation.
 */
import {
  context,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";
import type { CloudEvent } from "../bus/envelope.js";
import type {
  HandleObserver,
  HandleOutcome,
  Instrumentation,
  InstrumentationHooks,
  InstrumentedBus,
  PublishObserver,
} from "../bus/instrumentation.js";
import { checkOptions, isObject } from "../bus/option-checks.js";
import { formatTraceparent, parseTraceparent } from "./traceparent.js";

export interface OtelTracingOptions {
  /** Default: the globally registered provider, looked up on each publish and delivery (so one registered later is used). */
  tracerProvider?: TracerProvider;
}

/** The tracer (instrumentation scope) name spans are reported under. */
export const TRACER_NAME = "eventsmith";
/** What an unregistered global provider delegates to. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

export function otelTracing(options?: OtelTracingOptions): Instrumentation {
  checkOptions(options, { tracerProvider: isObject }, "options");
  const given = options?.tracerProvider;
  // a concrete provider is resolved once; the global one (or a proxy) is asked on every hook call
  const fixed = given === undefined || given instanceof ProxyTracerProvider ? undefined : tracerOf(given);
  let provider: TracerProvider | undefined;
  let tracer: Tracer | undefined;
  const currentTracer = (): Tracer | undefined => {
    const proxy = given ?? trace.getTracerProvider();
    const delegate = proxy instanceof ProxyTracerProvider ? proxy.getDelegate() : proxy;
    if (delegate !== provider) {
      provider = delegate;
      tracer = tracerOf(delegate);
    }
    return tracer;
  };
  return { attach: (bus) => tracingHooks(bus, fixed === undefined ? currentTracer : () => fixed) };
}

/** `undefined` for the no-op provider an unregistered global proxy delegates to. */
function tracerOf(provider: TracerProvider): Tracer | undefined {
  return provider === NOOP_PROVIDER ? undefined : provider.getTracer(TRACER_NAME);
}

/**
 * A span the sampler dropped is never wrapped: its hook returns `undefined`, so the bus neither
 * reports to it nor runs the handler through it. What remains per event is the SDK's own
 * sampling decision and, on publish, the `traceparent` that carries it on.
 */
function tracingHooks(bus: InstrumentedBus, currentTracer: () => Tracer | undefined): InstrumentationHooks {
  return {
    publish: (events) => {
      const tracer = currentTracer();
      if (tracer === undefined) return undefined;
      const active = context.active();
      if (events.length === 1) {
        const span = producerSpan(tracer, bus, events[0]!, active);
        return span.isRecording() ? new ProducerSpans([span]) : undefined;
      }
      const recording = events.map((event) => producerSpan(tracer, bus, event, active)).filter((span) => span.isRecording());
      return recording.length === 0 ? undefined : new ProducerSpans(recording);
    },
    handle: (delivery, subscription) => {
      const tracer = currentTracer();
      return tracer === undefined ? undefined : consumerSpan(tracer, bus, delivery.event, subscription.group, delivery.attempt, SpanKind.CONSUMER);
    },
    // request/reply: the requester's CLIENT span travels in the request's traceparent to the replier's SERVER span
    request: (request) => {
      const tracer = currentTracer();
      if (tracer === undefined) return undefined;
      const span = producerSpan(tracer, bus, request, context.active(), SpanKind.CLIENT);
      return span.isRecording() ? new ProducerSpans([span]) : undefined;
    },
    serve: (request, group) => {
      const tracer = currentTracer();
      return tracer === undefined ? undefined : consumerSpan(tracer, bus, request, group, 1, SpanKind.SERVER);
    },
  };
}

/** The span handling `event` in `group`, continuing the trace its `traceparent` names; `undefined` when the sampler dropped it. */
function consumerSpan(tracer: Tracer, bus: InstrumentedBus, event: CloudEvent, group: string, attempt: number, kind: SpanKind): ConsumerSpan | undefined {
  const remote = parseTraceparent(event.traceparent);
  // the delivery's own context, not whatever context the transport's callback happens to run in
  const parent = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
  const span = tracer.startSpan(`process ${event.type}`, { kind }, parent);
  if (!span.isRecording()) return undefined;
  const attributes = messageAttributes(bus, event, "process", "process");
  attributes["messaging.consumer.group.name"] = group;
  attributes["eventsmith.delivery.attempt"] = attempt;
  span.setAttributes(attributes);
  return new ConsumerSpan(span, trace.setSpan(parent, span), attempt);
}

/**
 * The span's parent: the active span (a handler publishing, or the caller's own span), else the
 * trace the publisher named in `meta.traceparent` or that the handled event carried.
 */
function producerSpan(tracer: Tracer, bus: InstrumentedBus, event: CloudEvent, active: Context, kind = SpanKind.PRODUCER): Span {
  const remote = trace.getSpan(active) === undefined ? parseTraceparent(event.traceparent) : undefined;
  const parent = remote === undefined ? active : trace.setSpanContext(active, remote);
  const span = tracer.startSpan(`${kind === SpanKind.CLIENT ? "send" : "publish"} ${event.type}`, { kind }, parent);
  // attributes only for spans that record them: the SDK sanitises them even for unsampled ones
  if (span.isRecording()) span.setAttributes(messageAttributes(bus, event, "send", kind === SpanKind.CLIENT ? "send" : "publish"));
  event.traceparent = formatTraceparent(span.spanContext());
  return span;
}

class ProducerSpans implements PublishObserver {
  constructor(private readonly spans: Span[]) {}
  done(error?: unknown): void {
    for (const span of this.spans) {
      if (error !== undefined) failSpan(span, error);
      span.end();
    }
  }
}

/**
 * A recording consumer span (a server span for `bus.reply`, whose failed request's error is its
 * status). An unsampled one is never made into this (see consumerSpan), so the handler then
 * runs without it as context: its publishes continue the trace from the handled
 * event's `traceparent` (inherited by the bus), which carries the same trace id and the same
 * unsampled decision, at no cost per delivery.
 */
class ConsumerSpan implements HandleObserver {
  constructor(
    private readonly span: Span,
    /** The handler's context: the parent with this span set. */
    private readonly active: Context,
    private readonly attempt: number,
  ) {}

  run<A extends unknown[], T>(handler: (...args: A) => T, ...args: A): T {
    return context.with(this.active, handler, undefined, ...args);
  }

  settled(outcome: HandleOutcome, error?: unknown): void {
    const span = this.span;
    // the exception first, then what the bus made of it
    if (error !== undefined) failSpan(span, error);
    switch (outcome.kind) {
      case "retry":
        span.addEvent("retry", { "eventsmith.delivery.attempt": this.attempt, "eventsmith.retry.delay_ms": outcome.delayMs });
        break;
      case "dead-letter":
        span.addEvent("dead-letter", {
          "eventsmith.dead_letter.code": outcome.error.code,
          "eventsmith.dead_letter.attempts": outcome.error.attempts,
          "eventsmith.dead_letter.reason": outcome.error.message,
        });
        if (error === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
        break;
      case "filtered":
        span.setAttribute("eventsmith.filtered", true);
        break;
    }
    span.end();
  }
}

function messageAttributes(bus: InstrumentedBus, event: CloudEvent, operationType: string, operationName: string): Attributes {
  const attributes: Attributes = {
    "messaging.system": bus.system,
    "messaging.destination.name": event.type,
    "messaging.operation.type": operationType,
    "messaging.operation.name": operationName,
    "messaging.message.id": event.id,
    "messaging.message.conversation_id": event.correlationid,
    "cloudevents.event_source": event.source,
  };
  if (event.tenantid !== undefined) attributes["eventsmith.tenant_id"] = event.tenantid;
  return attributes;
}

function failSpan(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
