/** The site's other pages: home (every event), one per service and per owner, the catalog graph. */
import type { DocsModel, EventDoc } from "../docs-model.js";
import { where } from "../markdown-event-page.js";
import { html, inlineText, prose, type Html } from "./html.js";
import { eventName, ownerHref, serviceHref } from "./site-links.js";
import { serviceFocusGraph } from "./graph-pages.js";
import { schemasSection, type SharedSchema } from "./schema-pages.js";

export function homePage(model: DocsModel, schemas: readonly SharedSchema[]): Html {
  const services = (list: { service: string }[]) => list.map((e, i) => html`${i ? ", " : ""}<a href="${serviceHref(model, e.service, "")}">${e.service}</a>`);
  return html`<h1>${model.title}</h1>
${model.description !== undefined ? prose(model.description) : ""}
<p class="facts">${count(model.events.length, "event")} · ${count(model.services.length, "service")} · ${count(model.owners.length, "owner")} · <a href="graph.html">graph of services and events</a></p>
<h2 id="events">Events</h2>
<table class="index"><thead><tr><th>Event</th><th>Summary</th><th class="wide">Version</th><th class="wide">Producers</th><th class="wide">Consumers</th></tr></thead><tbody>${model.events.map(
    (doc) =>
      html`<tr${doc.event.deprecated ? html` class="deprecated"` : ""}><td class="name">${eventName(model, doc.event.name, "")}<td>${summary(doc)}<td class="wide"><code>${doc.event.version}</code><td class="wide">${services(doc.producers)}<td class="wide">${services(doc.consumers)}`,
  )}</tbody></table>
<h2 id="services">Services</h2>
<table><thead><tr><th>Service</th><th>Publishes</th><th>Consumes</th><th>Owners</th></tr></thead><tbody>${model.services.map(
    (s) =>
      html`<tr><td><a href="${serviceHref(model, s.service.name, "")}">${s.service.name}</a></td><td>${s.service.sends.length}</td><td>${s.service.receives.length}</td><td>${s.owners.map((o, i) => html`${i ? ", " : ""}<a href="${ownerHref(model, o, "")}">${o}</a>`)}</td></tr>`,
  )}</tbody></table>
<h2 id="schemas">Shared schemas</h2>
${schemasSection(schemas, "")}
<h2 id="owners">Owners and teams</h2>
${
  model.owners.length === 0
    ? html`<p>No event or service of the catalog names an owner (<code>x-owner</code>).</p>`
    : html`<table><thead><tr><th>Owner</th><th>Events</th><th>Services</th></tr></thead><tbody>${model.owners.map(
        (o) => html`<tr><td><a href="${ownerHref(model, o.name, "")}">${o.name}</a></td><td>${o.events.length}</td><td>${o.services.length}</td></tr>`,
      )}</tbody></table>`
}`;
}

export function servicePage(model: DocsModel, name: string): Html {
  const { service, owners } = model.service(name);
  const root = "../";
  const table = (events: string[], role: "publishes" | "consumes") => {
    if (events.length === 0) return html`<p>It ${role} no event.</p>`;
    return html`<table class="${role} events-of-service"><thead><tr><th>Event</th><th>Summary</th><th>Version</th><th>Operations</th><th>NATS subject</th><th>Redis stream</th></tr></thead><tbody>${events.map((event) => {
      const doc = model.event(event);
      const side = role === "publishes" ? doc.producers : doc.consumers;
      const operations = side.find((e) => e.service === name)?.operations ?? [];
      // a row per event of the service, thousands on a busy consumer: end tags left out, code styled by column
      return html`<tr><td>${eventName(model, event, root)}<td>${summary(doc)}<td>${doc.event.version}<td>${operations.join(", ")}<td>${doc.natsSubject}<td>${doc.redisStream}`;
    })}</tbody></table>`;
  };
  return html`<h1><span class="kind">Service</span> ${service.name}</h1>
${owners.length ? html`<p class="facts">owners ${owners.map((o, i) => html`${i ? ", " : ""}<a href="${ownerHref(model, o, root)}">${o}</a>`)}</p>` : ""}
${service.description !== undefined ? prose(service.description) : ""}
<p class="source">Defined in <code>${where(service.location)}</code>.</p>
<figure tabindex="0" class="graph-box zoomable">${serviceFocusGraph(model, name, root)}</figure>
<h2 id="publishes">Publishes</h2>
${table(service.sends, "publishes")}
<h2 id="consumes">Consumes</h2>
${table(service.receives, "consumes")}`;
}

export function ownerPage(model: DocsModel, name: string): Html {
  const owner = model.owner(name);
  const root = "../";
  return html`<h1><span class="kind">Owner</span> ${owner.name}</h1>
<h2 id="events">Events</h2>
${
  owner.events.length === 0
    ? html`<p>No event names this owner.</p>`
    : html`<table><thead><tr><th>Event</th><th>Summary</th><th>Version</th></tr></thead><tbody>${owner.events.map((e) => {
        const doc = model.event(e);
        return html`<tr><td>${eventName(model, e, root)}</td><td>${summary(doc)}</td><td><code>${doc.event.version}</code></td></tr>`;
      })}</tbody></table>`
}
<h2 id="services">Services</h2>
${owner.services.length === 0 ? html`<p>No service names this owner.</p>` : html`<ul>${owner.services.map((s) => html`<li><a href="${serviceHref(model, s, root)}">${s}</a></li>`)}</ul>`}`;
}

function summary(doc: EventDoc): Html | string {
  const text = doc.event.summary ?? doc.event.title;
  return text === undefined ? "" : inlineText(text);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
