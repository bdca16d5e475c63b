/** `eventsmith/prometheus`: the bus's metrics in a prom-client registry (prom-client is an optional peer dependency). */
export { prometheusMetrics, type PrometheusMetricsOptions } from "./prometheus-metrics.js";
export { METRICS, exportedSeriesNames, type MetricDefinition } from "./metric-names.js";
