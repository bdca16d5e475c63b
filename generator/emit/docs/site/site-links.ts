/** Relative links between site pages; `root` leads from the linking page to the site root ("" or "../"). */
import type { DocsModel } from "../docs-model.js";

export function eventHref(model: DocsModel, name: string, root: string): string {
  return `${root}events/${model.event(name).slug}.html`;
}

export function serviceHref(model: DocsModel, name: string, root: string): string {
  return `${root}services/${model.service(name).slug}.html`;
}

export function ownerHref(model: DocsModel, name: string, root: string): string {
  return `${root}owners/${model.owner(name).slug}.html`;
}
