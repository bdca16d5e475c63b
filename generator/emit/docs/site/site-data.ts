/**
 * The two data files every page shares, as scripts (a page opened from `file://` may not
 * `fetch`, but it may load a script): the navigation, loaded by every page once and cached,
 * and the search index, loaded only when the reader starts searching. Hrefs are relative to
 * the site root; the page prefixes its own way back to the root.
 */
import type { DocsModel } from "../docs-model.js";
import type { FieldRow } from "../schema-fields.js";
import { foldSharedSchemas, schemaHref, sharedSchemaFields, type SchemaIndex, type SharedSchema } from "./schema-pages.js";
import { eventHref, ownerHref, serviceHref } from "./site-links.js";

/**
 * The search index, compact because it grows with every field of every event: pages, and
 * texts (labels, anchors and descriptions, which repeat across events: field names, shared
 * descriptions), are listed once and referenced by position. An entry is
 * `[kind, label, page, anchor, text]`, kind e(vent) f(ield) s(ervice) o(wner) c (shared
 * schema); a field's page is its event's (or its schema's), whose name the results show beside it.
 */
export interface SearchIndex {
  pages: [href: string, name: string][];
  texts: string[];
  entries: [kind: "e" | "f" | "s" | "o" | "c", label: number, page: number, anchor: number, text: number][];
}

export function navigationScript(model: DocsModel, schemas: readonly SharedSchema[], changelog: boolean): string {
  const nav = {
    title: model.title,
    changelog,
    events: model.events.map((doc) => [doc.event.name, eventHref(model, doc.event.name, ""), doc.event.deprecated ? 1 : 0]),
    services: model.services.map((s) => [s.service.name, serviceHref(model, s.service.name, "")]),
    owners: model.owners.map((o) => [o.name, ownerHref(model, o.name, "")]),
    schemas: schemas.map((s) => [s.name, schemaHref(s, "")]),
  };
  return `window.EVENTSMITH_NAV = ${script(nav)};\n`;
}

export function searchScript(model: DocsModel, schemas: SchemaIndex): string {
  const index: SearchIndex = { pages: [], texts: [], entries: [] };
  const texts = new Map<string, number>();
  const text = (value: string) => texts.get(value) ?? (texts.set(value, index.texts.push(value) - 1), index.texts.length - 1);
  const page = (href: string, name: string) => index.pages.push([href, name]) - 1;
  for (const doc of model.events) {
    const { event } = doc;
    const at = page(eventHref(model, event.name, ""), event.name);
    index.entries.push(["e", text(event.name), at, text(""), text([event.title, event.summary, event.description, ...event.tags].filter(Boolean).join(" "))]);
    // a shared schema's fields are found once, on its page (as the event page shows them)
    for (const { row } of [...foldSharedSchemas(doc.payload, schemas), ...foldSharedSchemas(doc.headers ?? [], schemas)]) {
      if (row.path !== "") index.entries.push(["f", text(row.path), at, text(row.anchor), fieldText(row)]);
    }
  }
  for (const s of model.services) index.entries.push(["s", text(s.service.name), page(serviceHref(model, s.service.name, ""), s.service.name), text(""), text(s.service.description ?? "")]);
  for (const c of schemas.list) {
    const named = model.ir.schemas[c.name]!.schema;
    const at = page(schemaHref(c, ""), c.name);
    index.entries.push(["c", text(c.name), at, text(""), text(typeof named === "object" && typeof named.description === "string" ? named.description : "")]);
    for (const row of sharedSchemaFields(model.ir, c)) if (row.path !== "") index.entries.push(["f", text(row.path), at, text("fields"), fieldText(row)]);
  }
  function fieldText(row: FieldRow): number {
    return text([row.variant, row.description].filter(Boolean).join(" "));
  }
  for (const o of model.owners) index.entries.push(["o", text(o.name), page(ownerHref(model, o.name, ""), o.name), text(""), text("")]);
  return `window.EVENTSMITH_SEARCH = ${script(index)};\n`;
}

/** JSON as a script literal: U+2028/U+2029 escaped for older parsers. */
function script(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** JSON for a `<script type="application/json">` inside a page: `<` escaped, so no `</script>` ends it early. */
export function inlineJson(value: unknown): string {
  return script(value).replace(/</g, "\\u003c");
}
