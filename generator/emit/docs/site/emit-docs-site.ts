/**
 * The static docs site: the same content as the Markdown docs, as HTML pages that need no
 * server (every link relative, so it works from `file://` and under any sub-path), with the
 * navigation and search index in shared files and the assets from `templates/docs-site/`.
 * Pure: the templates and the history come in as data.
 *
 *   index.html  graph.html  [changelog.html]  graphs/<domain>.html  schemas/<schema>.html  events/<event>.html  services/<slug>.html  owners/<slug>.html
 *   assets/{style.css, theme.js, favicon.svg, site.js, search-index.js}
 */
import { header, type GeneratedFile } from "../../generated-file.js";
import type { DocsModel } from "../docs-model.js";
import type { HistoryReport } from "../history/event-history.js";
import { escapeHtml, type Html } from "./html.js";
import { siteEventPage } from "./site-event-page.js";
import { changelogPage } from "./changelog-page.js";
import { domainGraphPage, domains, graphPage } from "./graph-pages.js";
import { indexSchemas, schemaPage, sharedSchemas } from "./schema-pages.js";
import { homePage, ownerPage, servicePage } from "./site-pages.js";
import { navigationScript, searchScript } from "./site-data.js";

/** The contents of `templates/docs-site/`. */
export interface SiteTemplates {
  /** The page shell, with `{{title}}`, `{{root}}`, `{{page}}`, `{{catalogTitle}}`, `{{content}}`. */
  page: string;
  /** Copied as `assets/<name>`. */
  assets: Record<string, string>;
}

export interface SiteOptions {
  templates: SiteTemplates;
  /** `--history`: versions per event; absent, the pages have no Versions section. */
  history?: HistoryReport;
}

/**
 * The page scripts of `templates/docs-site/`, joined after the navigation data into
 * `assets/site.js`, in the order they run: one script tag per page, one file to cache.
 */
const PAGE_SCRIPTS = ["app.js", "graphs.js", "fields.js"];

const PLACEHOLDER = /\{\{(title|root|page|catalogTitle|content)\}\}/g;

export function emitDocsSite(model: DocsModel, options: SiteOptions): GeneratedFile[] {
  const { templates, history } = options;
  const page = (path: string, title: string, content: Html): GeneratedFile => {
    const values: Record<string, string> = {
      title: escapeHtml(title === model.title ? title : `${title} · ${model.title}`),
      root: path.includes("/") ? "../" : "",
      page: escapeHtml(path),
      catalogTitle: escapeHtml(model.title),
      content: content.value,
    };
    // one pass: placeholders inside inserted content (catalog text) are never expanded
    return { path, contents: header("html") + templates.page.replace(PLACEHOLDER, (_, key: string) => values[key]!) };
  };
  const asset = (name: string, contents: string): GeneratedFile => {
    const kind = name.endsWith(".css") ? "css" : name.endsWith(".js") ? "js" : "html"; // svg takes an XML comment
    return { path: `assets/${name}`, contents: header(kind) + contents };
  };
  const domainList = domains(model);
  const index = indexSchemas(sharedSchemas(model.ir));
  const schemas = index.list;
  return [
    page("index.html", model.title, homePage(model, schemas)),
    page("graph.html", "Graph", graphPage(model, domainList)),
    ...(history ? [page("changelog.html", "Changelog", changelogPage(model, history))] : []),
    ...domainList.map((d) => page(`graphs/${d.slug}.html`, `${d.name} domain`, domainGraphPage(model, d))),
    ...model.events.map((doc) =>
      page(
        `events/${doc.slug}.html`,
        doc.event.name,
        siteEventPage(model, doc, history ? { commits: history.commits, entries: history.events[doc.event.name] ?? [], pairs: history.pairs[doc.event.name] ?? [], skipped: history.skipped } : undefined, index),
      ),
    ),
    ...model.services.map((s) => page(`services/${s.slug}.html`, s.service.name, servicePage(model, s.service.name))),
    ...schemas.map((s) => page(`schemas/${s.slug}.html`, s.name, schemaPage(model, s, schemas))),
    ...model.owners.map((o) => page(`owners/${o.slug}.html`, o.name, ownerPage(model, o.name))),
    ...Object.keys(templates.assets).sort().filter((name) => !PAGE_SCRIPTS.includes(name)).map((name) => asset(name, templates.assets[name]!)),
    asset("site.js", [navigationScript(model, schemas, history !== undefined), ...PAGE_SCRIPTS.map((name) => templates.assets[name]!)].join("\n")),
    asset("search-index.js", searchScript(model, index)),
  ];
}
