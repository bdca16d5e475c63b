/** `docs/events/<event>.md`: everything about one event, in the order a reader needs it. */
import type { SourceLocation } from "../../ir/types.js";
import type { DocsModel, EventDoc } from "./docs-model.js";
import { EXAMPLE_TEXT, type ExampleDoc } from "./event-examples.js";
import { ownerLink, serviceLink } from "./markdown-links.js";
import { mdCell, mdCode, mdFence, mdLink, mdProse, mdTable, mdText } from "./markdown-text.js";
import { eventMermaid } from "./mermaid.js";
import type { FieldRow } from "./schema-fields.js";
import { usageSnippet } from "./usage-snippet.js";

export function markdownEventPage(model: DocsModel, doc: EventDoc): string {
  const { event } = doc;
  const title = event.title ?? event.summary;
  const facts = [
    mdLink("Index", "../index.md"),
    `version ${mdCode(event.version)}`,
    `content type ${mdCode(event.contentType)}`,
    ...(event.owners.length ? [`owners ${event.owners.map((o) => ownerLink(model, o, "../")).join(", ")}`] : []),
    ...(event.tags.length ? [`tags ${event.tags.map(mdCode).join(", ")}`] : []),
  ];
  return [
    `# ${mdCode(event.name)}${title !== undefined ? ` — ${mdText(title)}` : ""}`,
    facts.join(" · "),
    ...(event.deprecated ? ["> **Deprecated.** Do not publish it in new code; consumers should stop depending on it."] : []),
    ...(event.summary !== undefined && event.summary !== title ? [mdProse(event.summary)] : []),
    ...(event.description !== undefined ? [mdProse(event.description)] : []),
    `Defined in ${mdCode(where(event.location))}.`,
    `## Producers and consumers`,
    endpointsTable(model, doc),
    `Publishers and consumers meet on NATS subject ${mdCode(doc.natsSubject)} (stream ${mdCode(model.natsStream)}, dead letters on ${mdCode(doc.natsDeadLetterSubject)}) ` +
      `and on Redis stream ${mdCode(doc.redisStream)}. ${TRANSPORT_NOTE}`,
    mdFence(eventMermaid(doc), "mermaid"),
    `## Payload`,
    `TypeScript type ${mdCode(doc.typeName)}.`,
    fieldsTable(doc.payload),
    ...(doc.headers ? [`## Headers`, `TypeScript type ${mdCode(doc.headersTypeName!)}.`, fieldsTable(doc.headers)] : []),
    `## Example${doc.examples.length > 1 ? "s" : ""}`,
    ...doc.examples.flatMap(exampleBlock),
    `## Channels`,
    channelsTable(doc),
    `## Usage`,
    mdFence(usageSnippet(doc), "ts"),
  ].join("\n\n");
}

function endpointsTable(model: DocsModel, doc: EventDoc): string {
  const rows = [
    ...doc.producers.map((e) => ({ ...e, role: "publishes" })),
    ...doc.consumers.map((e) => ({ ...e, role: "consumes" })),
  ].map(({ service, role, operations }) => [
    serviceLink(model, service, "../"),
    role,
    operations.map(mdCode).join(", "),
  ]);
  if (rows.length === 0) return "No service in the catalog publishes or consumes this event.";
  return mdTable(["Service", "Role", "Operations"], rows);
}

/** By rows: a `--watch` session keeps an unchanged schema's rows (docs-model), so its table is printed once. */
const tables = new WeakMap<FieldRow[], string>();

export function fieldsTable(rows: FieldRow[]): string {
  let table = tables.get(rows);
  if (table === undefined) tables.set(rows, (table = printFieldsTable(rows)));
  return table;
}

function printFieldsTable(rows: FieldRow[]): string {
  return mdTable(
    ["Field", "Type", "Required", "Constraints", "Default", "Description"],
    rows.map((row) => [
      `<a id="${row.anchor}"></a>${mdCode(row.path === "" ? "(root)" : row.path)}${row.variant !== undefined ? `<br>in ${mdCell(row.variant)}` : ""}`,
      mdCell(row.type),
      row.path === "" ? "" : row.required ? "yes" : "no",
      row.constraints.map(mdCode).join("<br>"),
      row.default !== undefined ? mdCode(row.default) : "",
      [row.deprecated ? "**Deprecated.**" : "", row.description !== undefined ? mdCell(row.description) : ""].filter(Boolean).join(" "),
    ]),
  );
}

function exampleBlock(example: ExampleDoc): string[] {
  const origin =
    example.source === "catalog"
      ? `From the catalog${example.name !== undefined ? `: ${mdCode(example.name)}` : ""}.${example.summary !== undefined ? ` ${mdText(example.summary)}` : ""}`
      : example.problems.length === 0
        ? EXAMPLE_TEXT.generated
        : EXAMPLE_TEXT.unsatisfied;
  const parts = [origin];
  if (example.payload !== undefined) parts.push(mdFence(JSON.stringify(example.payload, null, 2), "json"));
  if (example.headers !== undefined) parts.push("Headers:", mdFence(JSON.stringify(example.headers, null, 2), "json"));
  parts.push(
    example.problems.length === 0
      ? EXAMPLE_TEXT.valid
      : [`> **Warning.** ${EXAMPLE_TEXT.invalid}`, ...example.problems.map((p) => `> - ${mdCode(p)}`)].join("\n"),
  );
  return parts;
}

function channelsTable(doc: EventDoc): string {
  if (doc.channels.length === 0) return "The event is on no channel.";
  return mdTable(
    ["Channel", "Address", "Parameters", "Description"],
    doc.channels.map((channel) => [
      mdText(channel.title ?? channel.name),
      channel.address === null ? "(none)" : mdCode(channel.address),
      channel.parameters.map((p) => `${mdCode(p.name)}${p.description !== undefined ? `: ${mdCell(p.description)}` : ""}`).join("<br>"),
      channel.description !== undefined ? mdCell(channel.description) : "",
    ]),
  );
}

/** Where the subject and stream names come from (said on every event page, in both renderings). */
export const TRANSPORT_NOTE = "(From the catalog's `x-eventsmith` settings; transport options may override them.)";

export function where(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}
