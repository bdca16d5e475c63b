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
 * The search index, compact because it grows with every field of every event. Texts (labels,
 * anchors, descriptions: field names and shared descriptions repeat across events) are listed
 * once and referenced by position. Each page lists its entries after its href and name, four
 * numbers each: kind (a position in `SEARCH_KINDS`), label, anchor, text. A field's results
 * show its page's name (its event's or its schema's) beside it.
 */
export interface SearchIndex {
  texts: string[];
  pages: [href: string, name: string, ...entries: number[]][];
}

/** e(vent) f(ield) s(ervice) o(wner) c (shared schema); app.js reads the same letters. */
export const SEARCH_KINDS = "efsoc";

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
  const index: SearchIndex = { texts: [], pages: [] };
  const texts = new Map<string, number>();
  const text = (value: string) => texts.get(value) ?? (texts.set(value, index.texts.push(value) - 1), index.texts.length - 1);
  const page = (href: string, name: string) => {
    const entries: [href: string, name: string, ...entries: number[]] = [href, name];
    index.pages.push(entries);
    return (kind: string, label: string, anchor: string, description: string) => entries.push(SEARCH_KINDS.indexOf(kind), text(label), text(anchor), text(description));
  };
  const fieldText = (row: FieldRow) => [row.variant, row.description].filter(Boolean).join(" ");
  for (const doc of model.events) {
    const { event } = doc;
    const add = page(eventHref(model, event.name, ""), event.name);
    add("e", event.name, "", [event.title, event.summary, event.description, ...event.tags].filter(Boolean).join(" "));
    // a shared schema's fields are found once, on its page (as the event page shows them)
    for (const { row } of [...foldSharedSchemas(doc.payload, schemas), ...foldSharedSchemas(doc.headers ?? [], schemas)]) {
      if (row.path !== "") add("f", row.path, row.anchor, fieldText(row));
    }
  }
  for (const s of model.services) page(serviceHref(model, s.service.name, ""), s.service.name)("s", s.service.name, "", s.service.description ?? "");
  for (const c of schemas.list) {
    const named = model.ir.schemas[c.name]!.schema;
    const add = page(schemaHref(c, ""), c.name);
    add("c", c.name, "", typeof named === "object" && typeof named.description === "string" ? named.description : "");
    for (const row of sharedSchemaFields(model.ir, c)) if (row.path !== "") add("f", row.path, "fields", fieldText(row));
  }
  for (const o of model.owners) page(ownerHref(model, o.name, ""), o.name)("o", o.name, "", "");
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
