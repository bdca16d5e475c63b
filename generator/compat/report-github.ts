/** GitHub Actions workflow commands: one annotation per finding, at its file and line. */
import { notes, summary, type CompatReport } from "./report.js";

export function formatGithub(report: CompatReport): string {
  const lines = report.findings.map((f) => {
    const properties = `file=${property(f.file)},line=${f.line},col=${f.column},title=${property(`compat ${f.rule} (${f.direction})`)}`;
    return `::${f.severity} ${properties}::${data(`${f.event}: ${f.message} [${f.fingerprint}]`)}`;
  });
  for (const note of notes(report)) lines.push(`::warning title=eventsmith compat::${data(note)}`);
  lines.push(`::notice title=eventsmith compat::${data(summary(report))}`);
  return lines.join("\n") + "\n";
}

/** Escaping of the GitHub toolkit (`@actions/core` issueCommand). */
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
