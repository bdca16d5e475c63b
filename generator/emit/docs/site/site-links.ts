/** Relative links between site pages; `root` leads from the linking page to the site root ("" or "../"). */
import type { DocsModel } from "../docs-model.js";
import { html, type Html } from "./html.js";

export function eventHref(model: DocsModel, name: string, root: string): string {
  return `${root}events/${model.event(name).slug}.html`;
}

export function serviceHref(model: DocsModel, name: string, root: string): string {
  return `${root}services/${model.service(name).slug}.html`;
}

export function ownerHref(model: DocsModel, name: string, root: string): string {
  return `${root}owners/${model.owner(name).slug}.html`;
}

/**
 * An event's name as a link that wraps only after a dot (never mid-word), marked when the
 * event is deprecated: every list of events uses it.
 */
export function eventName(model: DocsModel, name: string, root: string): Html {
  const parts = name.split(".").map((part, i, all) => html`${part}${i < all.length - 1 ? html`.<wbr>` : ""}`);
  return html`<a href="${eventHref(model, name, root)}"><code>${parts}</code></a>${deprecatedBadge(model, name)}`;
}

/** The mark of a deprecated event beside its name, wherever the name is listed. */
export function deprecatedBadge(model: DocsModel, name: string): Html | "" {
  return model.event(name).event.deprecated ? html` <span class="badge deprecated">deprecated</span>` : "";
}
