/** Links between the Markdown pages, relative to the linking page (`root` is "" or "../"). */
import type { DocsModel, EventDoc } from "./docs-model.js";
import { mdCode, mdLink, mdText } from "./markdown-text.js";

export function eventLink(doc: EventDoc, root: string): string {
  return mdLink(mdCode(doc.event.name), `${root}events/${doc.slug}.md`);
}

export function serviceLink(model: DocsModel, name: string, root: string): string {
  return mdLink(mdText(name), `${root}services/${model.service(name).slug}.md`);
}

export function ownerLink(model: DocsModel, name: string, root: string): string {
  return mdLink(mdText(name), `${root}owners/${model.owner(name).slug}.md`);
}
