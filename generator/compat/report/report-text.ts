/** Text: findings grouped per event, one line each (where, direction, reason, rule and fingerprint), then its details. */
import { details, notes, position, summary, type CompatReport } from "./report.js";

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
    lines.push(`  ${f.severity.padEnd(7)} ${f.direction.padEnd(8)} ${position(f)}  ${f.message}  [${f.rule} ${f.fingerprint}]`);
    for (const detail of details(report, f)) lines.push(`${" ".repeat(19)}${detail}`);
  }
  if (lines.length) lines.push("");
  for (const note of notes(report)) lines.push(`note: ${note}`);
  lines.push(`${report.compatible ? "ok" : "breaking"}: ${summary(report)}`);
  return lines.join("\n") + "\n";
}
