/**
 * The graph views. One picture of thousands of events is a tangle, so the catalog is cut by
 * domain (the first segment of an event name: `contact.created` is in `contact`):
 * - graph.html: domains and the services publishing into / consuming from each (dagre);
 * - graphs/<domain>.html: the domain's events between their publishers and consumers (dagre);
 * - each service and event page: a focus view of it with its producers and consumers.
 */
import type { DocsModel } from "../docs-model.js";
import { uniqueSlugs } from "../slugs.js";
import { dagreSvg } from "./dagre-graph.js";
import { html, type Html } from "./html.js";
import { eventHref, serviceHref } from "./site-links.js";
import { svgGraph } from "./svg-graph.js";
import type { GraphNode } from "./svg-parts.js";

export interface Domain {
  name: string;
  slug: string;
  events: string[];
}

/** `contact.created` -> `contact`; a name without a dot is its own domain. */
export function domainOf(event: string): string {
  const dot = event.indexOf(".");
  return dot > 0 ? event.slice(0, dot) : event;
}

export function domains(model: DocsModel): Domain[] {
  const byName = new Map<string, string[]>();
  for (const doc of model.events) {
    const name = domainOf(doc.event.name);
    byName.set(name, [...(byName.get(name) ?? []), doc.event.name]);
  }
  const slugs = uniqueSlugs(byName.keys());
  return [...byName.keys()].sort().map((name) => ({ name, slug: slugs.get(name)!, events: byName.get(name)! }));
}

export function domainHref(domain: Domain, root: string): string {
  return `${root}graphs/${domain.slug}.html`;
}

/** graph.html: which services publish into and consume from which domain. */
export function graphPage(model: DocsModel, list: Domain[]): Html {
  const nodes: GraphNode[] = list.map((d) => ({ id: `d:${d.name}`, label: `${d.name} (${d.events.length})`, href: domainHref(d, ""), kind: "event" }));
  const edges = new Set<string>();
  const services = new Set<string>();
  for (const d of list) {
    for (const name of d.events) {
      const doc = model.event(name);
      for (const p of doc.producers) (edges.add(`p:${p.service}\u0000d:${d.name}`), services.add(`p:${p.service}`));
      for (const c of doc.consumers) (edges.add(`d:${d.name}\u0000c:${c.service}`), services.add(`c:${c.service}`));
    }
  }
  for (const id of [...services].sort()) nodes.push({ id, label: id.slice(2), href: serviceHref(model, id.slice(2), ""), kind: "service" });
  return html`<h1>Services and domains</h1>
<p>Each domain (the first part of an event name) between the services that publish into it (left) and those that consume from it (right). Open a domain for its events, a service for its own view. Drag to pan, scroll or use the buttons to zoom; focus a box to light up its links.</p>
<figure tabindex="0" class="graph-box zoomable">${dagreSvg({ title: `Services and domains of ${model.title}`, nodes, edges: [...edges].sort().map((e) => e.split("\u0000") as [string, string]) })}</figure>
<h2 id="domains">Domains</h2>
<table class="index"><thead><tr><th>Domain</th><th class="num">Events</th><th>Publishers</th><th>Consumers</th></tr></thead><tbody>${list.map((d) => {
    const side = (pick: "producers" | "consumers") => new Set(d.events.flatMap((e) => model.event(e)[pick].map((x) => x.service))).size;
    return html`<tr><td><a href="${domainHref(d, "")}"><code>${d.name}</code></a></td><td class="num">${d.events.length}</td><td class="num">${side("producers")}</td><td class="num">${side("consumers")}</td></tr>`;
  })}</tbody></table>`;
}

/** graphs/<domain>.html: the domain's events, their publishers and consumers. */
export function domainGraphPage(model: DocsModel, domain: Domain): Html {
  const root = "../";
  const nodes: GraphNode[] = [];
  const edges: [string, string][] = [];
  const services = new Set<string>();
  for (const name of domain.events) {
    const doc = model.event(name);
    nodes.push({ id: `e:${name}`, label: name, href: eventHref(model, name, root), kind: "event", deprecated: doc.event.deprecated });
    for (const p of doc.producers) (edges.push([`p:${p.service}`, `e:${name}`]), services.add(`p:${p.service}`));
    for (const c of doc.consumers) (edges.push([`e:${name}`, `c:${c.service}`]), services.add(`c:${c.service}`));
  }
  for (const id of [...services].sort()) nodes.push({ id, label: id.slice(2), href: serviceHref(model, id.slice(2), root), kind: "service" });
  return html`<h1><span class="kind">Domain</span> ${domain.name}</h1>
<p class="facts">${domain.events.length} event${domain.events.length === 1 ? "" : "s"} · <a href="${root}graph.html">all domains</a></p>
<figure tabindex="0" class="graph-box zoomable">${dagreSvg({ title: `Events of the ${domain.name} domain with their publishers and consumers`, nodes, edges })}</figure>`;
}

/** A service page's focus view: its events, with every producer and consumer of them. */
export function serviceFocusGraph(model: DocsModel, name: string, root: string): Html {
  const { service } = model.service(name);
  const events = [...new Set([...service.sends, ...service.receives])].sort();
  const side = (prefix: string, pick: "producers" | "consumers") => {
    const names = [...new Set(events.flatMap((e) => model.event(e)[pick].map((x) => x.service)))].sort();
    return names.map((s): GraphNode => ({ id: `${prefix}:${s}`, label: s, href: s === name ? "#" : serviceHref(model, s, root), kind: "service" }));
  };
  const edges: [string, string][] = events.flatMap((e) => {
    const doc = model.event(e);
    return [...doc.producers.map((p): [string, string] => [`p:${p.service}`, `e:${e}`]), ...doc.consumers.map((c): [string, string] => [`e:${e}`, `c:${c.service}`])];
  });
  return svgGraph({
    title: `Events ${name} publishes or consumes, with their producers and consumers`,
    columns: [side("p", "producers"), events.map((e) => ({ id: `e:${e}`, label: e, href: eventHref(model, e, root), kind: "event", deprecated: model.event(e).event.deprecated })), side("c", "consumers")],
    edges,
  });
}
