/**
 * What `eventsmith compat` prints, in four formats over one model. File paths in a report are
 * relative to the working directory (the CLI maps them from each catalog's root).
 */
import type { CheckMode, ComparedEvent, CompatPolicy } from "../compare-catalogs.js";
import { DEFAULT_IGNORE_FILE, type IgnoreEntry } from "../ignore-file.js";
import type { CompatFinding } from "../rules.js";

export interface CompatReport {
  /** No error finding left after the ignore file. */
  compatible: boolean;
  findings: CompatFinding[];
  events: ComparedEvent[];
  /** Findings the ignore file accepted. */
  ignored: CompatFinding[];
  /** Ignore entries that matched no finding, and the file they are in. */
  unused: IgnoreEntry[];
  ignoreFile?: string;
  /** `--base` as given. */
  base: string;
  /** Set when the base has no catalog (every event is new): where it looked. */
  baseMissing?: string;
  policy: CompatPolicy;
  mode?: CheckMode;
  /** With `--transitive`: each released version checked, newest first (`base` then says how they were chosen). */
  releases?: ReleaseVerdict[];
}

export interface ReleaseVerdict {
  version: string;
  compatible: boolean;
  /** Breaking findings against this version (before merging across versions). */
  breaking: number;
  /** Set when that version has no catalog. */
  baseMissing?: string;
  /** Set when its catalog has errors under this version of eventsmith, so it was not checked: the first error. */
  unchecked?: string;
}

export type CompatFormat = "text" | "json" | "github" | "junit" | "sarif" | "markdown";

/** `{"compatible": bool, "findings": [...]}`, the shape of issue 6, each finding with its base location, services and ignore entry. */
export function formatJson(report: CompatReport): string {
  const findings = report.findings.map((f) => ({
    event: f.event, rule: f.rule, direction: f.direction, severity: f.severity, pointer: f.pointer,
    file: f.file, line: f.line, column: f.column, message: f.message, fingerprint: f.fingerprint,
    ...(f.base ? { base: f.base } : {}),
    ...(f.services ? { services: f.services } : {}),
    ...(f.releases ? { releases: f.releases } : {}),
    ...(f.severity === "error" ? { accept: acceptEntry(f) } : {}),
  }));
  return `${JSON.stringify({ compatible: report.compatible, findings, ...(report.releases ? { releases: report.releases } : {}) }, null, 2)}\n`;
}

/** One line for everything the report is not a finding about (no base catalog, unused ignores). */
export function notes(report: CompatReport): string[] {
  const out: string[] = [];
  if (report.baseMissing !== undefined) out.push(`base ${report.base} has no catalog at ${report.baseMissing}: every event is new, so nothing can break`);
  if (report.releases?.length === 0) out.push(`no released version matches ${report.base}: nothing to check against`);
  for (const release of report.releases ?? []) {
    if (release.baseMissing !== undefined) out.push(`release ${release.version} has no catalog at ${release.baseMissing}: nothing of it can break`);
    if (release.unchecked !== undefined) out.push(`release ${release.version} NOT CHECKED: its catalog has errors here (${release.unchecked})`);
  }
  for (const entry of report.unused) {
    out.push(`${report.ignoreFile}:${entry.line}:${entry.column}: ignore entry ${entry.fingerprint} matches no finding; remove it`);
  }
  return out;
}

export function summary(report: CompatReport): string {
  const errors = report.findings.filter((f) => f.severity === "error");
  const warnings = report.findings.length - errors.length;
  const events = new Set(errors.map((f) => f.event)).size;
  const extra = [warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "", report.ignored.length ? `${report.ignored.length} ignored` : ""].filter(Boolean);
  const perRelease = report.releases?.length ? [report.releases.map((r) => `${r.version}: ${r.unchecked !== undefined ? "not checked" : r.compatible ? "ok" : `${r.breaking} breaking`}`).join(", ")] : [];
  const tail = ` (${[...perRelease, ...extra, `policy ${report.policy}`].join(", ")})`;
  if (errors.length === 0) return `compatible with ${report.base}: ${report.events.length} event${report.events.length === 1 ? "" : "s"} checked, no breaking change${tail}`;
  return `${errors.length} breaking change${errors.length === 1 ? "" : "s"} in ${events} event${events === 1 ? "" : "s"} against ${report.base}${tail}`;
}

/** `file:line:col` of a finding (in the new catalog, unless the new catalog lost the file). */
export function position(f: CompatFinding): string {
  return `${f.file}:${f.line}:${f.column}`;
}

/** The ignore-file entry that accepts a finding, as one YAML line. */
export function acceptEntry(f: CompatFinding): string {
  return `- { fingerprint: ${f.fingerprint}, reason: "<why this break is fine>" }`;
}

/** What a finding says beside its message, one line each: base location, who breaks, how to accept it. */
export function details(report: CompatReport, f: CompatFinding): string[] {
  const out: string[] = [];
  if (f.base) out.push(`base: ${f.base.file}:${f.base.line}:${f.base.column}`);
  if (f.releases) out.push(`breaks release${f.releases.length === 1 ? "" : "s"}: ${f.releases.join(", ")}`);
  if (f.services?.length) out.push(`breaks: ${f.services.map((s) => `${s.role} ${s.service} (${s.how})`).join("; ")}`);
  if (f.severity === "error") out.push(`accept: add ${acceptEntry(f)} to ${report.ignoreFile ?? DEFAULT_IGNORE_FILE}`);
  return out;
}
