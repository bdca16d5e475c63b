/**
 * SARIF 2.1.0, for code scanning: one result per finding at its node in the new catalog, the
 * base node as a related location, the fingerprint as a partial fingerprint (so code scanning
 * follows a finding across line moves) and who breaks in the result's properties.
 */
import { packageVersion } from "../../package-info.js";
import { details, notes, summary, type CompatReport } from "./report.js";
import { COMPAT_RULES, type CompatFinding, type CompatRule } from "../rules.js";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export function formatSarif(report: CompatReport): string {
  const ruleIds = [...new Set(report.findings.map((f) => f.rule))].sort();
  const rules = ruleIds.map((id) => ({
    id,
    name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: COMPAT_RULES[id] },
    defaultConfiguration: { level: "error" },
  }));
  const log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "eventsmith compat", semanticVersion: packageVersion(), informationUri: "https://www.npmjs.com/package/eventsmith", rules } },
        results: report.findings.map((f) => result(report, f, ruleIds)),
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notes(report).map((text) => ({ level: "warning", message: { text } })) }],
        properties: { compatible: report.compatible, base: report.base, policy: report.policy, summary: summary(report), ...(report.releases ? { releases: report.releases } : {}) },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(report: CompatReport, f: CompatFinding, ruleIds: CompatRule[]) {
  const region = (at: { line: number; column: number }) => ({ startLine: at.line, startColumn: at.column });
  return {
    ruleId: f.rule,
    ruleIndex: ruleIds.indexOf(f.rule),
    level: f.severity === "error" ? "error" : "warning",
    message: { text: [`${f.event}: ${f.message}`, ...details(report, f)].join("\n") },
    // a file the pull request deleted has no place in its version: the base location says where it was
    ...(f.side === "new" ? { locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: region(f) } }] } : {}),
    ...(f.base
      ? { relatedLocations: [{ id: 1, message: { text: `base (${report.base})` }, physicalLocation: { artifactLocation: { uri: uri(f.base.file) }, region: region(f.base) } }] }
      : {}),
    partialFingerprints: { "eventsmithCompat/v1": f.fingerprint },
    properties: { event: f.event, direction: f.direction, pointer: f.pointer, ...(f.services ? { services: f.services } : {}), ...(f.releases ? { releases: f.releases } : {}) },
  };
}

/** A relative path as a URI reference (segments percent-encoded). */
function uri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
