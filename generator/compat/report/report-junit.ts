/**
 * JUnit XML: one test case per event of either catalog; an event with breaking findings fails
 * (one <failure> listing them all), warnings go to <system-out>, `x-compat-mode: none` is skipped.
 */
import { details, notes, position, summary, type CompatReport } from "./report.js";

export function formatJunit(report: CompatReport): string {
  const cases = report.events.map((event) => {
    const found = report.findings.filter((f) => f.event === event.name);
    const errors = found.filter((f) => f.severity === "error");
    const warnings = found.filter((f) => f.severity === "warning");
    const line = (f: (typeof found)[number]) => [`${f.direction} ${position(f)} ${f.message} [${f.rule} ${f.fingerprint}]`, ...details(report, f).map((d) => `  ${d}`)].join("\n");
    const body: string[] = [];
    if (event.mode === "none") body.push(`      <skipped message="x-compat-mode: none"/>`);
    if (errors.length) {
      const message = `${errors.length} breaking change${errors.length === 1 ? "" : "s"}: ${errors[0]!.message}`;
      body.push(`      <failure message="${xml(message)}" type="compat">${xml(errors.map(line).join("\n"))}</failure>`);
    }
    if (warnings.length) body.push(`      <system-out>${xml(warnings.map(line).join("\n"))}</system-out>`);
    const open = `    <testcase classname="eventsmith.compat" name="${xml(event.name)}"`;
    return body.length ? `${open}>\n${body.join("\n")}\n    </testcase>` : `${open}/>`;
  });
  const failures = report.events.filter((e) => report.findings.some((f) => f.event === e.name && f.severity === "error")).length;
  const skipped = report.events.filter((e) => e.mode === "none").length;
  const counts = `tests="${report.events.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="eventsmith compat" ${counts}>`,
    `  <testsuite name="eventsmith compat against ${xml(report.base)}" ${counts}>`,
    ...cases,
    `    <system-out>${xml([...notes(report), summary(report)].join("\n"))}</system-out>`,
    `  </testsuite>`,
    `</testsuites>`,
  ];
  return out.join("\n") + "\n";
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
