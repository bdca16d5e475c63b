/**
 * Catalog text is data in the docs too: names, titles, descriptions, owners and examples built
 * to break tables, fences, comments and HTML must come out as text, in Markdown and in HTML.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDocsModel } from "../../generator/emit/docs/docs-model.js";
import { renderMarkdownDocs } from "../../generator/emit/docs/emit-markdown-docs.js";
import { emitDocsSite } from "../../generator/emit/docs/site/emit-docs-site.js";
import type { SearchIndex } from "../../generator/emit/docs/site/site-data.js";
import { readSiteTemplates } from "../../generator/cli/docs-command.js";
import type { GeneratedFile } from "../../generator/emit/generated-file.js";
import { assignNames } from "../../generator/emit/naming.js";
import { compileCatalog } from "../../generator/pipeline.js";
import { outputDir } from "../support/output-dir.js";

/** Everything hostile at once: HTML, Markdown tables, code spans and fences, comments, placeholders. */
const EVIL = "EVIL <script>alert(1)</script> | pipe `tick ``` fence\n# heading\n```\nopen fence <img src=x onerror=alert(2)> --> {{content}} ünïcødé";
const yaml = JSON.stringify;

const catalog = `asyncapi: 3.0.0
info:
  title: ${yaml("Evil " + EVIL)}
  version: 1.0.0
  description: ${yaml(EVIL)}
  x-owner: ${yaml("team " + EVIL)}
channels:
  evil:
    address: evil.thing.created
    description: ${yaml(EVIL)}
    messages:
      evil:
        $ref: '#/components/messages/evil'
operations:
  sendEvil:
    action: send
    channel: { $ref: '#/channels/evil' }
    x-service: ${yaml("svc " + EVIL)}
  receiveEvil:
    action: receive
    channel: { $ref: '#/channels/evil' }
    x-service: ${yaml("consumer " + EVIL)}
components:
  messages:
    evil:
      name: evil.thing.created
      title: ${yaml(EVIL)}
      summary: ${yaml(EVIL)}
      description: ${yaml(EVIL)}
      x-owner: ${yaml("owner " + EVIL)}
      payload:
        type: object
        description: ${yaml(EVIL)}
        properties:
          ${yaml("key " + EVIL)}:
            type: string
            description: ${yaml(EVIL)}
            default: ${yaml(EVIL)}
            enum: [${yaml(EVIL)}]
      examples:
        - name: ${yaml(EVIL)}
          summary: ${yaml(EVIL)}
          payload:
            ${yaml("key " + EVIL)}: ${yaml(EVIL)}
`;

let markdown: GeneratedFile[];
let site: GeneratedFile[];

beforeAll(async () => {
  const dir = outputDir("docs-escaping");
  writeFileSync(join(dir, "catalog.yaml"), catalog);
  const compiled = await compileCatalog(join(dir, "catalog.yaml"));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const model = buildDocsModel(compiled.ir!, assignNames(compiled.ir!));
  markdown = renderMarkdownDocs(model);
  site = emitDocsSite(model, { templates: readSiteTemplates() });
});

/** Markdown with code spans and fenced blocks removed: what a renderer treats as markup. */
function outsideCode(text: string): string {
  return text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "").replace(/(`+)[\s\S]*?\1/g, "");
}

describe("Markdown docs", () => {
  it("carries the hostile text (it is shown, not dropped)", () => {
    const all = markdown.map((f) => f.contents).join("\n");
    expect(all.match(/ünïcødé/g)!.length).toBeGreaterThan(10);
  });

  it("has no raw HTML but its own anchors and line breaks, and no stray heading or fence", () => {
    for (const file of markdown) {
      const body = file.contents.slice(file.contents.indexOf("-->") + 3);
      const markup = outsideCode(body);
      expect({ file: file.path, tags: markup.match(/<(?!a id="[\w-]+"><\/a>|\/a>|br>)[^\s]/g) ?? [] }).toEqual({ file: file.path, tags: [] });
      expect({ file: file.path, headings: body.split("\n").filter((line) => /^#+ /.test(line) && !/^#{1,2} [A-Z`]/.test(line)) }).toEqual({ file: file.path, headings: [] });
      // every fence that opens closes: the rest of the page is never swallowed
      const fences = body.split("\n").filter((line) => /^ {0,3}(`{3,}|~{3,})/.test(line));
      expect({ file: file.path, balanced: fences.length % 2 === 0 }).toEqual({ file: file.path, balanced: true });
    }
  });

  it("keeps every table row at its header's cell count", () => {
    let rows = 0;
    for (const file of markdown) {
      let cells = -1;
      for (const line of file.contents.split("\n")) {
        if (!line.startsWith("| ")) {
          cells = -1;
          continue;
        }
        // escaped pipes (\|) and pipes inside code spans are content, not separators
        const count = line.replace(/\\\|/g, "").split("|").length;
        if (cells === -1) cells = count;
        rows++;
        expect({ file: file.path, line, count }).toEqual({ file: file.path, line, count: cells });
      }
    }
    expect(rows).toBeGreaterThan(5);
  });
});

describe("HTML site", () => {
  it("escapes all catalog text: only the shell's own scripts, no injected element", () => {
    const template = readSiteTemplates().page;
    const scripts = template.match(/<script/g)!.length;
    for (const file of site.filter((f) => f.path.endsWith(".html"))) {
      expect({ file: file.path, scripts: file.contents.match(/<script/g)?.length }).toEqual({ file: file.path, scripts });
      expect(file.contents).not.toMatch(/<img/);
      // the page's own comment is the only one (a "-->" in catalog text would end it early)
      expect(file.contents.match(/-->/g)).toHaveLength(1);
      // placeholders in catalog text stay text
      expect(file.contents.includes("{{content}}") || !file.contents.includes("EVIL")).toBe(true);
    }
    const event = site.find((f) => f.path === "events/evil-thing-created.html")!;
    expect(event.contents).toContain("EVIL &lt;script&gt;alert(1)&lt;/script&gt; | pipe");
  });

  it("keeps data files valid scripts with the text intact", () => {
    const search = site.find((f) => f.path === "assets/search-index.js")!;
    const window: { EVENTSMITH_SEARCH?: SearchIndex } = {};
    new Function("window", search.contents)(window);
    const { pages, texts } = window.EVENTSMITH_SEARCH!;
    const labels = pages.flatMap(([, , ...entries]) => entries.filter((_, i) => i % 4 === 1).map((label) => texts[label]!));
    expect(labels.some((label) => label.includes("key EVIL <script>"))).toBe(true);
    expect(window.EVENTSMITH_SEARCH!.texts).toContain(EVIL);
  });
});
