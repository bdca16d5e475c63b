/**
 * `otelTracing(options?)`: a producer span per published event and a consumer span per handling,
 * with OpenTelemetry's messaging attributes. The producer span's context is written into the
 * envelope's `traceparent`; the consumer span continues it and is the active context while the
 * handler runs, so the handler's own publishes join the same trace on every transport.
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
import type { Delivery, SubscriptionSpec } from "../bus/transport.js";
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
  let provider: TracerProvider | undefined;
  let tracer: Tracer | undefined;
  const currentTracer = (): Tracer | undefined => {
    const given = options?.tracerProvider ?? trace.getTracerProvider();
    const delegate = given instanceof ProxyTracerProvider ? given.getDelegate() : given;
    if (delegate === NOOP_PROVIDER) return undefined;
    if (delegate !== provider) {
      provider = delegate;
      tracer = delegate.getTracer(TRACER_NAME);
    }
    return tracer;
  };
  return { attach: (bus) => tracingHooks(bus, currentTracer) };
}

function tracingHooks(bus: InstrumentedBus, currentTracer: () => Tracer | undefined): InstrumentationHooks {
  return {
    publish: (events) => {
      const tracer = currentTracer();
      if (tracer === undefined) return undefined;
      const active = context.active();
      return events.length === 1 ? new ProducerSpan(producerSpan(tracer, bus, events[0]!, active)) : new ProducerSpans(events.map((event) => producerSpan(tracer, bus, event, active)));
    },
    handle: (delivery, subscription) => {
      const tracer = currentTracer();
      return tracer === undefined ? undefined : new ConsumerSpan(tracer, bus, delivery, subscription);
    },
  };
}

/**
 * The span's parent: the active span (a handler publishing, or the caller's own span), else the
 * trace the publisher named in `meta.traceparent` or that the handled event carried.
 */
function producerSpan(tracer: Tracer, bus: InstrumentedBus, event: CloudEvent, active: Context): Span {
  const remote = trace.getSpan(active) === undefined ? parseTraceparent(event.traceparent) : undefined;
  const parent = remote === undefined ? active : trace.setSpanContext(active, remote);
  const span = tracer.startSpan(`publish ${event.type}`, { kind: SpanKind.PRODUCER }, parent);
  // attributes only for spans that record them: the SDK sanitises them even for unsampled ones
  if (span.isRecording()) span.setAttributes(messageAttributes(bus, event, "send", "publish"));
  event.traceparent = formatTraceparent(span.spanContext());
  return span;
}

class ProducerSpan implements PublishObserver {
  constructor(private readonly span: Span) {}
  done(error?: unknown): void {
    if (error !== undefined) failSpan(this.span, error);
    this.span.end();
  }
}

class ProducerSpans implements PublishObserver {
  constructor(private readonly spans: Span[]) {}
  done(error?: unknown): void {
    for (const span of this.spans) new ProducerSpan(span).done(error);
  }
}

class ConsumerSpan implements HandleObserver {
  private readonly span: Span;
  /** The handler's context; none for an unsampled span (see run). */
  private readonly active: Context | undefined;

  constructor(
    tracer: Tracer,
    bus: InstrumentedBus,
    private readonly delivery: Delivery,
    subscription: SubscriptionSpec,
  ) {
    const event = delivery.event;
    const remote = parseTraceparent(event.traceparent);
    // the delivery's own context, not whatever context the transport's callback happens to run in
    const parent = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
    this.span = tracer.startSpan(`process ${event.type}`, { kind: SpanKind.CONSUMER }, parent);
    if (this.span.isRecording()) {
      const attributes = messageAttributes(bus, event, "process", "process");
      attributes["messaging.consumer.group.name"] = subscription.group;
      attributes["eventsmith.delivery.attempt"] = delivery.attempt;
      this.span.setAttributes(attributes);
      this.active = trace.setSpan(parent, this.span);
    }
  }

  /**
   * An unsampled span records nothing, so the handler runs without it as context: its publishes
   * then continue the trace from the handled event's `traceparent` (inherited by the bus), which
   * carries the same trace id and the same unsampled decision, at no cost per delivery.
   */
  run<A extends unknown[], T>(handler: (...args: A) => T, ...args: A): T {
    return this.active === undefined ? handler(...args) : context.with(this.active, handler, undefined, ...args);
  }

  settled(outcome: HandleOutcome, error?: unknown): void {
    const span = this.span;
    // the exception first, then what the bus made of it
    if (error !== undefined) failSpan(span, error);
    switch (outcome.kind) {
      case "retry":
        span.addEvent("retry", { "eventsmith.delivery.attempt": this.delivery.attempt, "eventsmith.retry.delay_ms": outcome.delayMs });
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
