/** `events/<event>.html`: the Markdown event page's content as HTML, plus its graph and versions. */
import { compactJson } from "../compact-json.js";
import type { DocsModel, EventDoc } from "../docs-model.js";
import { EXAMPLE_TEXT, type ExampleDoc } from "../event-examples.js";
import type { PairVerdict, VersionEntry } from "../history/event-history.js";
import { TRANSPORT_NOTE, where } from "../markdown-event-page.js";
import { usageSnippet } from "../usage-snippet.js";
import { Html, html, inlineText, prose } from "./html.js";
import { inlineJson } from "./site-data.js";
import { foldSharedSchemas, schemaHref, type SchemaIndex, type SiteFieldRow } from "./schema-pages.js";
import { ownerHref, serviceHref } from "./site-links.js";
import { svgGraph } from "./svg-graph.js";

export interface HistoryView {
  commits: number;
  entries: VersionEntry[];
  /** Verdicts between versions that are not adjacent. */
  pairs: PairVerdict[];
  /** Commits that could not be compared: a version may hide behind them. */
  skipped: { commit: string; problem: string }[];
}

export function siteEventPage(model: DocsModel, doc: EventDoc, history: HistoryView | undefined, schemas: SchemaIndex): Html {
  const { event } = doc;
  const reached = schemas.ofEvent.get(event.name) ?? [];
  const root = "../";
  const title = event.title ?? event.summary;
  return html`<article class="event">
<h1><code>${event.name}</code>${title !== undefined ? html` <span class="subtitle">${title}</span>` : ""}</h1>
<p class="facts">version <code>${event.version}</code> · content type <code>${event.contentType}</code>${
    event.owners.length ? html` · owners ${event.owners.map((o, i) => html`${i ? ", " : ""}<a href="${ownerHref(model, o, root)}">${o}</a>`)}` : ""
  }${event.tags.length ? html` · tags ${event.tags.map((t, i) => html`${i ? ", " : ""}<code>${t}</code>`)}` : ""}</p>
${event.deprecated ? html`<p class="deprecated-note"><strong>Deprecated.</strong> Do not publish it in new code; consumers should stop depending on it.</p>` : ""}
${event.summary !== undefined && event.summary !== title ? prose(event.summary) : ""}
${event.description !== undefined ? prose(event.description) : ""}
<p class="source">Defined in <code>${where(event.location)}</code>.</p>
<h2 id="producers-and-consumers">Producers and consumers</h2>
${endpoints(model, doc, root)}
<p class="transports">NATS subject <code>${doc.natsSubject}</code> (stream <code>${model.natsStream}</code>, dead letters on <code>${doc.natsDeadLetterSubject}</code>); Redis stream <code>${doc.redisStream}</code>. ${inlineText(TRANSPORT_NOTE)}</p>
${doc.producers.length + doc.consumers.length > 2 ? html`<figure tabindex="0" class="graph-box">${eventGraph(model, doc, root)}</figure>` : ""}
<h2 id="payload">Payload</h2>
<p>TypeScript type <code>${doc.typeName}</code>.${
    reached.length ? html` Shared schemas: ${reached.map((s, i) => html`${i ? ", " : ""}<a href="${schemaHref(s, root)}"><code>${s.name}</code></a>`)}.` : ""
  }</p>
${fieldsTable(foldSharedSchemas(doc.payload, schemas), root)}
${doc.headers ? html`<h2 id="headers">Headers</h2><p>TypeScript type <code>${doc.headersTypeName}</code>.</p>${fieldsTable(foldSharedSchemas(doc.headers, schemas), root)}` : ""}
<h2 id="examples">Example${doc.examples.length > 1 ? "s" : ""}</h2>
${doc.examples.map(exampleBlock)}
<h2 id="channels">Channels</h2>
${channels(doc)}
<h2 id="usage">Usage</h2>
<pre class="code"><code>${usageSnippet(doc)}</code></pre>
${history ? versions(history) : ""}
</article>`;
}

function endpoints(model: DocsModel, doc: EventDoc, root: string): Html {
  const rows = [...doc.producers.map((e) => ({ ...e, role: "publishes" })), ...doc.consumers.map((e) => ({ ...e, role: "consumes" }))];
  if (rows.length === 0) return html`<p>No service in the catalog publishes or consumes this event.</p>`;
  return html`<table class="endpoints"><thead><tr><th>Service</th><th>Role</th><th>Operations</th></tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr><td><a href="${serviceHref(model, row.service, root)}">${row.service}</a><td class="role ${row.role}">${row.role}<td>${row.operations.map((op, i) => html`${i ? ", " : ""}<code>${op}</code>`)}`,
  )}</tbody></table>`;
}

/** Drawn when it shows more than the table above says plainly: three services or more (a page per event, thousands of pages). */
function eventGraph(model: DocsModel, doc: EventDoc, root: string): Html {
  const service = (prefix: string) => (e: { service: string }) => ({ id: `${prefix}:${e.service}`, label: e.service, href: serviceHref(model, e.service, root), kind: "service" as const });
  const center = { id: "event", label: doc.event.name, href: "#", kind: "event" as const, deprecated: doc.event.deprecated };
  return svgGraph({
    title: `Services publishing and consuming ${doc.event.name}`,
    columns: [doc.producers.map(service("p")), [center], doc.consumers.map(service("c"))],
    edges: [...doc.producers.map((e): [string, string] => [`p:${e.service}`, "event"]), ...doc.consumers.map((e): [string, string] => ["event", `c:${e.service}`])],
  });
}

/**
 * One row per field; the Default and Description columns only when some field has one, and the
 * optional end tags (`</td>`, `</tr>`) left out: pages stay small at scale (HTML closes them).
 * A shared schema's fields are on its page, linked from the field's type.
 */
function fieldsTable(rows: readonly SiteFieldRow[], root: string): Html {
  const defaults = rows.some(({ row }) => row.default !== undefined);
  const descriptions = rows.some(({ row }) => row.description !== undefined || row.deprecated);
  return html`<table class="fields"><thead><tr><th>Field<th>Type<th>Required<th>Constraints${defaults ? html`<th>Default` : ""}${descriptions ? html`<th>Description` : ""}</thead><tbody>${rows.map(
    ({ row, shared }) =>
      html`<tr id="${row.anchor}"${row.depth > 1 ? html` class="d${Math.min(row.depth, 6)}"` : ""}><td>${row.path === "" ? "(root)" : row.path}${
        row.variant !== undefined ? html`<div class="variant">in ${row.variant}</div>` : ""
      }<td>${shared ? html`<a href="${schemaHref(shared, root)}">${row.type}</a>` : row.type}<td>${row.path === "" ? "" : row.required ? "yes" : "no"}<td>${row.constraints.join("; ")}${
        defaults ? html`<td>${row.default ?? ""}` : ""
      }${descriptions ? html`<td>${row.deprecated ? html`<strong>Deprecated.</strong> ` : ""}${row.description !== undefined ? inlineText(row.description) : ""}` : ""}`,
  )}</tbody></table>`;
}

function exampleBlock(example: ExampleDoc): Html {
  const origin =
    example.source === "catalog"
      ? html`From the catalog${example.name !== undefined ? html`: <code>${example.name}</code>` : ""}.${example.summary !== undefined ? html` ${example.summary}` : ""}`
      : example.problems.length === 0
        ? EXAMPLE_TEXT.generated
        : EXAMPLE_TEXT.unsatisfied;
  const json = (value: unknown) => html`<pre class="code"><code>${compactJson(value)}</code></pre>`;
  return html`<div class="example"><p>${origin}</p>${example.payload !== undefined ? json(example.payload) : ""}${
    example.headers !== undefined ? html`<p>Headers:</p>${json(example.headers)}` : ""
  }${
    example.problems.length === 0
      ? html`<p class="valid">${EXAMPLE_TEXT.valid}</p>`
      : html`<div class="warning"><strong>${EXAMPLE_TEXT.invalid}</strong><ul>${example.problems.map((p) => html`<li><code>${p}</code></li>`)}</ul></div>`
  }</div>`;
}

function channels(doc: EventDoc): Html {
  if (doc.channels.length === 0) return html`<p>The event is on no channel.</p>`;
  return html`<table><thead><tr><th>Channel</th><th>Address</th><th>Parameters</th><th>Description</th></tr></thead><tbody>${doc.channels.map(
    (c) =>
      html`<tr><td>${c.title ?? c.name}<td>${c.address === null ? "(none)" : html`<code>${c.address}</code>`}<td>${c.parameters.map(
        (p) => html`<div><code>${p.name}</code>${p.description !== undefined ? html`: ${inlineText(p.description)}` : ""}</div>`,
      )}<td>${c.description !== undefined ? inlineText(c.description) : ""}`,
  )}</tbody></table>`;
}

function versions(history: HistoryView): Html {
  const heading = html`<h2 id="versions">Versions</h2>${
    history.skipped.length
      ? html`<p class="warning">Not compared: ${history.skipped.map((s, i) => html`${i ? "; " : ""}<code>${s.commit.slice(0, 12)}</code> (${s.problem})`)}.</p>`
      : ""
  }`;
  if (history.entries.length === 0) {
    return html`${heading}<p>No change to this event in the last ${history.commits} commit${history.commits === 1 ? "" : "s"} that changed the catalog.</p>`;
  }
  return html`${heading}<table class="versions"><thead><tr><th>Commit</th><th>Date</th><th>Version</th><th>Change</th><th>Compatibility</th></tr></thead><tbody>${history.entries.map(
    (entry) =>
      html`<tr class="verdict-${entry.verdict.replace(/ /g, "-")}"><td><code title="${entry.commit}">${entry.commit.slice(0, 12)}</code><div class="subject">${entry.subject}</div></td><td>${entry.date.slice(0, 10)}</td><td><code>${entry.version}</code>${
        entry.previousVersion !== undefined && entry.previousVersion !== entry.version ? html` (was <code>${entry.previousVersion}</code>)` : ""
      }</td><td>${entry.change}</td><td><strong>${entry.verdict}</strong>${entry.note !== undefined ? html` (${entry.note})` : ""}${
        entry.findings.length ? html`<ul>${entry.findings.map((f) => html`<li><code>${f.rule}</code> ${f.direction} at <code>${f.pointer}</code>: ${inlineText(f.message)}</li>`)}</ul>` : ""
      }</td></tr>`,
  )}</tbody></table>${versionDiff(history)}<p class="note">Verdicts come from <code>eventsmith compat</code> comparing the catalog before and after each commit (mode: the event's <code>x-compat-mode</code>, else the catalog's).</p>`;
}

/**
 * Two versions side by side: the reader picks any two (defaults: the last change), the page
 * script diffs their fields and shows the compat verdict between them, from this data.
 */
function versionDiff(history: HistoryView): Html {
  const versions = history.entries.filter((e) => e.fields !== undefined);
  if (versions.length < 2) return html``;
  const option = (entry: VersionEntry, selected: boolean) =>
    html`<option value="${entry.commit}"${selected ? html` selected` : ""}>${entry.version} · ${entry.commit.slice(0, 12)} · ${entry.date.slice(0, 10)}</option>`;
  const data = {
    versions: versions.map((e) => ({ commit: e.commit, version: e.version, fields: e.fields, verdict: e.verdict, findings: e.findings })),
    pairs: history.pairs,
  };
  return html`<h3 id="compare">Compare two versions</h3>
<div class="version-diff"><label>From <select class="diff-from">${versions.map((e, i) => option(e, i === 1))}</select></label> <label>to <select class="diff-to">${versions.map((e, i) => option(e, i === 0))}</select></label>
<div class="diff-result" aria-live="polite"></div>
<script type="application/json" class="versions-data">${new Html(inlineJson(data))}</script></div>`;
}
