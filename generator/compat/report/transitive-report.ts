/**
 * One report from the reports against each released version (newest first): a finding found
 * against several releases is listed once, with the releases it breaks; the report keeps, per
 * release, whether the new catalog is compatible with it.
 */
import type { CheckMode, ComparedEvent, CompatPolicy } from "../compare-catalogs.js";
import type { IgnoreFile } from "../ignore-file.js";
import { describeSelection, type ReleaseSelection } from "../release-versions.js";
import type { CompatReport, ReleaseVerdict } from "./report.js";
import type { CompatFinding } from "../rules.js";

/** A release whose catalog has errors under this version of eventsmith: named in the report, not checked. */
export interface UncheckedRelease {
  version: string;
  /** The first error, as `compat` would print it. */
  reason: string;
}

export function mergeReleases(reports: readonly CompatReport[], unchecked: readonly UncheckedRelease[], selection: ReleaseSelection, ignore: IgnoreFile | undefined, options: { policy?: CompatPolicy; mode?: CheckMode }): CompatReport {
  const findings = mergeFindings(reports.map((r) => r.findings.map((f) => ({ ...f, releases: [r.base] }))));
  const ignored = mergeFindings(reports.map((r) => r.ignored.map((f) => ({ ...f, releases: [r.base] }))));
  const events = new Map<string, ComparedEvent>();
  for (const event of reports.flatMap((r) => r.events)) if (!events.has(event.name)) events.set(event.name, event);
  // an ignore entry is stale only when no release needs it
  const unused = (ignore?.entries ?? []).filter((entry) => reports.every((r) => r.unused.includes(entry)));
  const releases = reports.map((r): ReleaseVerdict => ({
    version: r.base,
    compatible: r.compatible,
    breaking: r.findings.filter((f) => f.severity === "error").length,
    ...(r.baseMissing !== undefined ? { baseMissing: r.baseMissing } : {}),
  }));
  for (const release of unchecked) releases.push({ version: release.version, compatible: true, breaking: 0, unchecked: release.reason });
  return {
    compatible: !findings.some((f) => f.severity === "error"),
    findings,
    events: [...events.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ignored,
    unused: ignore ? unused : [],
    ...(ignore ? { ignoreFile: ignore.path } : {}),
    base: describeSelection(selection),
    releases,
    policy: options.policy ?? "lenient",
    ...(options.mode ? { mode: options.mode } : {}),
  };
}

/** Same finding (fingerprint and message) against several releases: once, its releases joined, in report order. */
function mergeFindings(lists: readonly CompatFinding[][]): CompatFinding[] {
  const merged = new Map<string, CompatFinding>();
  for (const finding of lists.flat()) {
    const key = `${finding.fingerprint}\0${finding.message}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, finding);
    else merged.set(key, { ...seen, releases: [...(seen.releases ?? []), ...(finding.releases ?? [])] });
  }
  const order = (f: CompatFinding) => [f.event, f.pointer, f.rule, f.direction, f.message].join("\0");
  return [...merged.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
