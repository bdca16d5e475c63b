/**
 * `docs/` in the generated output: an index of every event, one page per event, per service
 * and per owner. Pure, like every emitter: the same IR gives the same bytes.
 *
 *   docs/index.md
 *   docs/events/<event file>.md      (the SDK's kebab-case event name: contact-created.md)
 *   docs/services/<slug>.md
 *   docs/owners/<slug>.md
 */
import type { CatalogIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import type { Names } from "../naming.js";
import { buildDocsModel, type DocsModel, type DocsOptions } from "./docs-model.js";
import { eventLink, ownerLink, serviceLink } from "./markdown-links.js";
import { markdownEventPage, where } from "./markdown-event-page.js";
import { mdCode, mdLink, mdProse, mdTable, mdText } from "./markdown-text.js";

export function emitMarkdownDocs(ir: CatalogIR, names: Names, options: DocsOptions = {}): GeneratedFile[] {
  return renderMarkdownDocs(buildDocsModel(ir, names, options));
}

export function renderMarkdownDocs(model: DocsModel): GeneratedFile[] {
  const page = (path: string, body: string): GeneratedFile => ({ path: `docs/${path}`, contents: `${header("md")}\n${body}\n` });
  return [
    page("index.md", indexPage(model)),
    ...model.events.map((doc) => page(`events/${doc.slug}.md`, markdownEventPage(model, doc))),
    ...model.services.map((doc) => page(`services/${doc.slug}.md`, servicePage(model, doc.service.name))),
    ...model.owners.map((doc) => page(`owners/${doc.slug}.md`, ownerPage(model, doc.name))),
  ];
}

function indexPage(model: DocsModel): string {
  const serviceLinks = (list: { service: string }[]) => list.map(({ service }) => serviceLink(model, service, "")).join(", ");
  return [
    `# ${mdText(model.title)}`,
    ...(model.description !== undefined ? [mdProse(model.description)] : []),
    `${count(model.events.length, "event")}, ${count(model.services.length, "service")}, ${count(model.owners.length, "owner")}. ` +
      `Sections: ${mdLink("Events", "#events")} · ${mdLink("Services", "#services")} · ${mdLink("Owners", "#owners")}.`,
    `## Events`,
    mdTable(
      ["Event", "Summary", "Version", "Producers", "Consumers", "Deprecated"],
      model.events.map((doc) => [
        mdLink(mdCode(doc.event.name), `events/${doc.slug}.md`),
        mdText(doc.event.summary ?? doc.event.title ?? ""),
        mdCode(doc.event.version),
        serviceLinks(doc.producers),
        serviceLinks(doc.consumers),
        doc.event.deprecated ? "**yes**" : "no",
      ]),
    ),
    `## Services`,
    mdTable(
      ["Service", "Publishes", "Consumes", "Owners"],
      model.services.map((doc) => [
        serviceLink(model, doc.service.name, ""),
        String(doc.service.sends.length),
        String(doc.service.receives.length),
        doc.owners.map((o) => ownerLink(model, o, "")).join(", "),
      ]),
    ),
    `## Owners`,
    model.owners.length === 0
      ? "No event or service of the catalog names an owner (`x-owner`)."
      : mdTable(["Owner", "Events", "Services"], model.owners.map((o) => [ownerLink(model, o.name, ""), String(o.events.length), String(o.services.length)])),
  ].join("\n\n");
}

function servicePage(model: DocsModel, name: string): string {
  const { service } = model.service(name);
  const table = (events: string[], role: "publishes" | "consumes") =>
    events.length === 0
      ? `It ${role} no event.`
      : mdTable(
          ["Event", "Summary", "Version", "Operations", "NATS subject", "Redis stream"],
          events.map((eventName) => {
            const doc = model.event(eventName);
            const side = role === "publishes" ? doc.producers : doc.consumers;
            return [
              eventLink(doc, "../"),
              mdText(doc.event.summary ?? doc.event.title ?? ""),
              mdCode(doc.event.version),
              (side.find((e) => e.service === name)?.operations ?? []).map(mdCode).join(", "),
              mdCode(doc.natsSubject),
              mdCode(doc.redisStream),
            ];
          }),
        );
  return [
    `# Service ${mdText(service.name)}`,
    `${mdLink("Index", "../index.md")}${service.owners.length ? ` · owners ${service.owners.map((o) => ownerLink(model, o, "../")).join(", ")}` : ""}`,
    ...(service.description !== undefined ? [mdProse(service.description)] : []),
    `Defined in ${mdCode(where(service.location))}.`,
    `## Publishes`,
    table(service.sends, "publishes"),
    `## Consumes`,
    table(service.receives, "consumes"),
  ].join("\n\n");
}

function ownerPage(model: DocsModel, name: string): string {
  const owner = model.owner(name);
  return [
    `# Owner ${mdText(owner.name)}`,
    mdLink("Index", "../index.md"),
    `## Events`,
    owner.events.length === 0
      ? "No event names this owner."
      : mdTable(
          ["Event", "Summary", "Version"],
          owner.events.map((e) => model.event(e)).map((doc) => [eventLink(doc, "../"), mdText(doc.event.summary ?? doc.event.title ?? ""), mdCode(doc.event.version)]),
        ),
    `## Services`,
    owner.services.length === 0 ? "No service names this owner." : owner.services.map((s) => `- ${serviceLink(model, s, "../")}`).join("\n"),
  ].join("\n\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
