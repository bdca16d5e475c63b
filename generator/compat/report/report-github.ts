/** GitHub Actions workflow commands: one annotation per finding, at its file and line in the new catalog. */
import { details, notes, summary, type CompatReport } from "./report.js";

export function formatGithub(report: CompatReport): string {
  const lines = report.findings.map((f) => {
    // only a file of the pull request's version may carry an annotation; a file it deleted gets none
    const at = f.side === "new" ? `file=${property(f.file)},line=${f.line},col=${f.column},` : "";
    const text = [`${f.event}: ${f.message} [${f.fingerprint}]`, ...details(report, f)].join("\n");
    return `::${f.severity} ${at}title=${property(`compat ${f.rule} (${f.direction})`)}::${data(text)}`;
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
