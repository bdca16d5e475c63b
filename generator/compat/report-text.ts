/** Text: findings grouped per event, one line each (where, direction, reason, rule and fingerprint). */
import { notes, summary, type CompatReport } from "./report.js";

export function formatText(report: CompatReport): string {
  const lines: string[] = [];
  const modes = new Map(report.events.map((e) => [e.name, e.mode]));
  let current: string | undefined;
  for (const f of report.findings) {
    if (f.event !== current) {
      if (current !== undefined) lines.push("");
      current = f.event;
      lines.push(`${f.event} (mode ${modes.get(f.event) ?? "full"})`);
    }
    lines.push(`  ${f.severity.padEnd(7)} ${f.direction.padEnd(8)} ${f.file}:${f.line}:${f.column}  ${f.message}  [${f.rule} ${f.fingerprint}]`);
  }
  if (lines.length) lines.push("");
  for (const note of notes(report)) lines.push(`note: ${note}`);
  lines.push(`${report.compatible ? "ok" : "breaking"}: ${summary(report)}`);
  return lines.join("\n") + "\n";
}
