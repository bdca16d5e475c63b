/**
 * The schema explorer: a page per named schema that more than one event uses, with its fields
 * as an expandable tree (constraints on each field) and where it is used: every event, directly
 * or through other schemas. A schema only one event uses is documented on that event's page.
 */
import { referencedSchemas } from "../../../ir/standalone-schema.js";
import type { CatalogIR } from "../../../ir/types.js";
import type { DocsModel } from "../docs-model.js";
import { where } from "../markdown-event-page.js";
import { schemaFields, type FieldRow } from "../schema-fields.js";
import { uniqueSlugs } from "../slugs.js";
import { html, inlineText, prose, type Html } from "./html.js";
import { deprecatedBadge, eventHref } from "./site-links.js";

export interface SharedSchema {
  name: string;
  slug: string;
  /** Events whose payload or headers reach it, sorted. */
  events: string[];
}

/** Named schemas reached by two events or more, by name. */
export function sharedSchemas(ir: CatalogIR): SharedSchema[] {
  const users = new Map<string, Set<string>>();
  for (const event of ir.events) {
    const reached = new Set([...referencedSchemas(ir, event.payload.schema), ...(event.headers ? referencedSchemas(ir, event.headers.schema) : [])]);
    for (const name of reached) (users.get(name) ?? users.set(name, new Set()).get(name)!).add(event.name);
  }
  const shared = [...users].filter(([, events]) => events.size > 1);
  const slugs = uniqueSlugs(shared.map(([name]) => name));
  return shared.map(([name, events]) => ({ name, slug: slugs.get(name)!, events: [...events].sort() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The shared schemas, found by name and by the events that reach them. */
export interface SchemaIndex {
  list: readonly SharedSchema[];
  byName: ReadonlyMap<string, SharedSchema>;
  ofEvent: ReadonlyMap<string, SharedSchema[]>;
}

export function indexSchemas(list: readonly SharedSchema[]): SchemaIndex {
  const ofEvent = new Map<string, SharedSchema[]>();
  for (const s of list) for (const e of s.events) ofEvent.set(e, [...(ofEvent.get(e) ?? []), s]);
  return { list, byName: new Map(list.map((s) => [s.name, s])), ofEvent };
}

/** A field row as the site shows it: a field that is a shared schema links to its page instead of repeating its fields. */
export interface SiteFieldRow {
  row: FieldRow;
  shared?: SharedSchema;
}

/**
 * Folds the nested fields of every shared schema (except the payload itself) into one row that
 * links to the schema's page: they are listed once there, which keeps pages and the search
 * index from repeating them for every event that uses the schema.
 */
export function foldSharedSchemas(rows: readonly FieldRow[], schemas: SchemaIndex): SiteFieldRow[] {
  const out: SiteFieldRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const shared = row.path !== "" && row.schema !== undefined ? schemas.byName.get(row.schema) : undefined;
    let end = i + 1;
    while (end < rows.length && rows[end]!.depth > row.depth) end++;
    if (shared && end > i + 1) {
      out.push({ row, shared });
      i = end - 1;
    } else out.push({ row });
  }
  return out;
}

export function schemaHref(schema: SharedSchema, root: string): string {
  return `${root}schemas/${schema.slug}.html`;
}

export function schemaPage(model: DocsModel, schema: SharedSchema, all: readonly SharedSchema[]): Html {
  const { ir } = model;
  const root = "../";
  const named = ir.schemas[schema.name]!;
  const rows = sharedSchemaFields(ir, schema);
  const inside = all.filter((other) => other.name !== schema.name && referencedSchemas(ir, ir.schemas[other.name]!.schema).includes(schema.name));
  return html`<h1><span class="kind">Schema</span> <code>${schema.name}</code></h1>
<p class="facts">used by ${schema.events.length} events · defined in <code>${where(named.location)}</code></p>
${typeof named.schema === "object" && typeof named.schema.description === "string" ? prose(named.schema.description) : ""}
<h2 id="fields">Fields</h2>
${fieldTree(rows)}
<h2 id="used-by">Where used</h2>
${inside.length ? html`<p>Inside ${inside.map((s, i) => html`${i ? ", " : ""}<a href="${schemaHref(s, root)}"><code>${s.name}</code></a>`)}.</p>` : ""}
${eventsUsing(model, schema, root)}`;
}

/**
 * Every event that uses the schema (for a schema such as an id, every event of the catalog): one
 * short item each, a link styled as code by the list, without the wrapping hints of eventName
 * (an item is its own line) and without the optional `</li>`.
 */
function eventsUsing(model: DocsModel, schema: SharedSchema, root: string): Html {
  return html`<ul class="used-by">${schema.events.map((e) => html`<li><a href="${eventHref(model, e, root)}">${e}</a>${deprecatedBadge(model, e)}`)}</ul>`;
}

/** A shared schema's own field rows, as its page shows them. */
export function sharedSchemaFields(ir: CatalogIR, schema: SharedSchema): FieldRow[] {
  return schemaFields(ir, { $ref: `#/$defs/${schema.name.replace(/~/g, "~0").replace(/\//g, "~1")}` }, "schema");
}

/** The schema explorer's index: every shared schema and how many events use it. */
export function schemasSection(list: readonly SharedSchema[], root: string): Html {
  if (list.length === 0) return html`<p>No named schema is shared by two events.</p>`;
  return html`<table class="index"><thead><tr><th>Schema</th><th class="num">Events</th></tr></thead><tbody>${list.map(
    (s) => html`<tr><td><a href="${schemaHref(s, root)}"><code>${s.name}</code></a></td><td class="num">${s.events.length}</td></tr>`,
  )}</tbody></table>`;
}

/** Rows (depth-first, with depths) as nested lists; a field with children is a <details>. */
function fieldTree(rows: FieldRow[]): Html {
  const fields = rows.filter((r) => r.path !== "");
  if (fields.length === 0) return html`<p>${rows[0] ? html`<code>${rows[0].type}</code> ${rows[0].constraints.map((c) => html`<code>${c}</code> `)}` : ""}</p>`;
  const render = (start: number, depth: number): [Html[], number] => {
    const items: Html[] = [];
    let i = start;
    while (i < fields.length && fields[i]!.depth >= depth) {
      const row = fields[i]!;
      const [children, next] = render(i + 1, row.depth + 1);
      const line = html`<code class="field">${row.path.slice(row.path.lastIndexOf(".") + 1)}</code> <span class="type">${row.type}</span>${row.required ? html` <span class="badge">required</span>` : ""}${row.deprecated ? html` <span class="badge deprecated">deprecated</span>` : ""}${row.constraints.map((c) => html` <code>${c}</code>`)}${row.description !== undefined ? html` <span class="description">${inlineText(row.description)}</span>` : ""}`;
      items.push(children.length ? html`<li><details open><summary>${line}</summary><ul>${children}</ul></details></li>` : html`<li>${line}</li>`);
      i = next;
    }
    return [items, i];
  };
  return html`<ul class="field-tree">${render(0, fields[0]!.depth)[0]}</ul>`;
}
