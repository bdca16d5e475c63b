/** Prometheus alert rules and a Grafana dashboard for the catalog's buses: `(ir) => GeneratedFile[]`. */
import type { CatalogIR } from "../../ir/types.js";
import type { GeneratedFile } from "../generated-file.js";
import { emitAlertRules } from "./alert-rules.js";
import { emitGrafanaDashboard } from "./grafana-dashboard.js";

export { ALERT_RULES_PATH } from "./alert-rules.js";
export { DASHBOARD_PATH } from "./grafana-dashboard.js";

export function emitObservability(ir: CatalogIR): GeneratedFile[] {
  return [emitAlertRules(ir), emitGrafanaDashboard(ir)];
}
