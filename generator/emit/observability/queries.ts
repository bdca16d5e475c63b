/**
 * The PromQL the alert rules and the dashboard share, written against the metric contract in
 * runtime/prometheus/metric-names.ts (a test checks every expression uses only those metrics).
 * `window` is a range such as `5m`, or Grafana's `$__rate_interval`.
 */
import { METRICS } from "../../../runtime/prometheus/metric-names.js";

const rate = (metric: string, window: string, by: string, selector = "") => `sum by (${by}) (rate(${metric}${selector}[${window}]))`;

export const queries = {
  publishedRate: (window: string) => rate(METRICS.published.name, window, "event"),
  handledRate: (window: string) => rate(METRICS.handled.name, window, "group, outcome"),
  /** Share of handlings that failed (retried, dead-lettered, or a request bus.reply could not answer), per event and group. */
  handlerErrorRatio: (window: string) =>
    `${rate(METRICS.handled.name, window, "event, group", '{outcome=~"retried|dead_lettered|failed"}')} / ${rate(METRICS.handled.name, window, "event, group")}`,
  handlerSeconds: (quantile: number, window: string) =>
    `histogram_quantile(${quantile}, ${rate(`${METRICS.duration.name}_bucket`, window, "le, event, group")})`,
  retryRate: (window: string) => rate(METRICS.retries.name, window, "event, group"),
  deadLetterRate: (window: string) => rate(METRICS.deadLetters.name, window, "event, group, code"),
  publishErrorRate: (window: string) => rate(METRICS.publishErrors.name, window, "event, code"),
  /** Every instance reads the same broker: the largest reading, not the sum. */
  consumerLag: () => `max by (group) (${METRICS.consumerPending.name})`,
  deadLetterQueueSize: () => `max(${METRICS.deadLetterQueueSize.name})`,
};
