/**
 * changelog.html (with `--history`): the catalog's changes, newest commit first, each with the
 * events it added, changed or removed, their versions and compat verdicts.
 */
import type { DocsModel } from "../docs-model.js";
import type { HistoryReport, VersionEntry } from "../history/event-history.js";
import { html, type Html } from "./html.js";
import { eventHref } from "./site-links.js";

export function changelogPage(model: DocsModel, history: HistoryReport): Html {
  const byCommit = new Map<string, { entry: VersionEntry; events: [string, VersionEntry][] }>();
  for (const [name, entries] of Object.entries(history.events)) {
    for (const entry of entries) {
      const group = byCommit.get(entry.commit) ?? byCommit.set(entry.commit, { entry, events: [] }).get(entry.commit)!;
      group.events.push([name, entry]);
    }
  }
  const commits = [...byCommit.values()].sort((a, b) => (a.entry.date < b.entry.date ? 1 : a.entry.date > b.entry.date ? -1 : 0));
  const known = new Set(model.events.map((d) => d.event.name));
  const link = (name: string) => (known.has(name) ? html`<a href="${eventHref(model, name, "")}#versions"><code>${name}</code></a>` : html`<code>${name}</code>`);
  return html`<h1>Changelog</h1>
<p class="facts">The last ${history.commits} commit${history.commits === 1 ? "" : "s"} that changed the catalog; verdicts from <code>eventsmith compat</code>.</p>
${history.skipped.length ? html`<p class="warning">Not compared: ${history.skipped.map((s, i) => html`${i ? "; " : ""}<code>${s.commit.slice(0, 12)}</code> (${s.problem})`)}.</p>` : ""}
${
  commits.length === 0
    ? html`<p>No event changed.</p>`
    : commits.map(
        ({ entry, events }) => html`<section class="change"><h2 id="c-${entry.commit.slice(0, 12)}"><code>${entry.commit.slice(0, 12)}</code> ${entry.subject}</h2>
<p class="facts">${entry.date.slice(0, 10)} · ${events.length} event${events.length === 1 ? "" : "s"}${events.some(([, e]) => e.verdict === "breaking") ? html` · <span class="badge verdict-breaking">breaking</span>` : ""}</p>
<table><thead><tr><th>Event</th><th>Change</th><th>Version</th><th>Compatibility</th></tr></thead><tbody>${events
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(
            ([name, e]) =>
              html`<tr class="verdict-${e.verdict.replace(/ /g, "-")}"><td>${link(name)}</td><td>${e.change}</td><td><code>${e.version}</code>${e.previousVersion !== undefined && e.previousVersion !== e.version ? html` (was <code>${e.previousVersion}</code>)` : ""}</td><td><strong>${e.verdict}</strong>${e.findings.length ? html` · ${e.findings.length} finding${e.findings.length === 1 ? "" : "s"}` : ""}</td></tr>`,
          )}</tbody></table></section>`,
      )
}`;
}
