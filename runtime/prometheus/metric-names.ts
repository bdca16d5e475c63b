/**
 * The metrics eventsmith exports, by name, type and labels: the contract the README's table, the
 * generated alert rules and dashboard, and the tests read. Pure data, so the generator can import it
 * without prom-client.
 */
export interface MetricDefinition {
  name: string;
  help: string;
  labelNames: readonly string[];
  type: "counter" | "histogram" | "gauge";
}

const define = <const T extends MetricDefinition>(metric: T): T & { labelNames: string[] } => ({ ...metric, labelNames: [...metric.labelNames] });

export const METRICS = {
  published: define({
    name: "eventsmith_events_published_total",
    help: "Events the transport accepted, per catalog event.",
    labelNames: ["event"],
    type: "counter",
  }),
  handled: define({
    name: "eventsmith_events_handled_total",
    help: "Deliveries handled, per event, consumer group and outcome (acked, retried, dead_lettered, filtered; failed for a request bus.reply could not answer).",
    labelNames: ["event", "group", "outcome"],
    type: "counter",
  }),
  duration: define({
    name: "eventsmith_handler_duration_seconds",
    help: "Time a handler took, per event and consumer group.",
    labelNames: ["event", "group"],
    type: "histogram",
  }),
  retries: define({
    name: "eventsmith_retries_total",
    help: "Failed attempts scheduled again after the backoff delay.",
    labelNames: ["event", "group"],
    type: "counter",
  }),
  deadLetters: define({
    name: "eventsmith_dead_letters_total",
    help: "Events dead-lettered, per event, consumer group and reason code.",
    labelNames: ["event", "group", "code"],
    type: "counter",
  }),
  publishErrors: define({
    name: "eventsmith_publish_errors_total",
    help: "Publishes refused by validation (VALIDATION_FAILED) or not accepted by the transport, per event and error code.",
    labelNames: ["event", "code"],
    type: "counter",
  }),
  requests: define({
    name: "eventsmith_requests_total",
    help: "Requests sent with bus.request, per event and outcome (replied, or the error code such as REQUEST_TIMEOUT).",
    labelNames: ["event", "outcome"],
    type: "counter",
  }),
  requestDuration: define({
    name: "eventsmith_request_duration_seconds",
    help: "Time from bus.request to its reply (or failure), per event.",
    labelNames: ["event"],
    type: "histogram",
  }),
  consumerPending: define({
    name: "eventsmith_consumer_pending",
    help: "Deliveries waiting for a consumer group (lag), read from the broker on scrape.",
    labelNames: ["group"],
    type: "gauge",
  }),
  deadLetterQueueSize: define({
    name: "eventsmith_dead_letter_queue_size",
    help: "Entries in the dead-letter queue, read from the broker on scrape.",
    labelNames: [],
    type: "gauge",
  }),
} as const;

/** The series names a scrape can show (a histogram adds _bucket, _sum and _count). */
export function exportedSeriesNames(): string[] {
  return Object.values(METRICS).flatMap((metric) =>
    metric.type === "histogram" ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`] : [metric.name],
  );
}

/** Ephemeral (unnamed) groups get one label value; a Redis group's tenant suffix is dropped (tenants are no labels). */
export function consumerGroupLabel(group: string, durable: boolean): string {
  if (!durable || group.startsWith("ephemeral-")) return "ephemeral";
  const tenant = group.indexOf("#tenant=");
  return tenant === -1 ? group : group.slice(0, tenant);
}

const CODE = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

/** A bounded label for why a publish failed: the error's `code` when it looks like one, else its class name. */
export function publishErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && CODE.test(code)) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && CODE.test(name) ? name : "PUBLISH_FAILED";
}
