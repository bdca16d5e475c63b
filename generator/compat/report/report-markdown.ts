/**
 * Markdown for a pull-request comment: the verdict first, then one table row per finding
 * (where, what, who breaks), and the ignore entries that would accept the errors.
 */
import { acceptEntry, notes, position, summary, type CompatReport } from "./report.js";
import { DEFAULT_IGNORE_FILE } from "../ignore-file.js";

export function formatMarkdown(report: CompatReport): string {
  const lines = [`### eventsmith compat: ${report.compatible ? "compatible" : "breaking"}`, "", summary(report), ""];
  if (report.findings.length) {
    lines.push("| | event | change | where | breaks |", "|---|---|---|---|---|");
    for (const f of report.findings) {
      const where = [`\`${position(f)}\``, ...(f.base ? [`base \`${f.base.file}:${f.base.line}:${f.base.column}\``] : [])].join("<br>");
      const breaks = (f.services ?? []).map((s) => `${s.role} **${cell(s.service)}**`).join(", ") || "–";
      const icon = f.severity === "error" ? "❌" : "⚠️";
      const releases = f.releases ? `<br>breaks ${f.releases.map((r) => `\`${cell(r)}\``).join(", ")}` : "";
      lines.push(`| ${icon} | \`${cell(f.event)}\` | ${cell(f.message)} (${f.direction}, \`${f.rule}\`)${releases} | ${where} | ${breaks} |`);
    }
    lines.push("");
  }
  const errors = report.findings.filter((f) => f.severity === "error");
  if (errors.length) {
    const file = report.ignoreFile ?? DEFAULT_IGNORE_FILE;
    lines.push(`<details><summary>To accept these breaking changes, add to <code>${file}</code></summary>`, "", "```yaml");
    lines.push(...errors.map(acceptEntry), "```", "", "</details>", "");
  }
  for (const note of notes(report)) lines.push(`> ${cell(note)}`, "");
  return lines.join("\n");
}

/** Text inside a table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
