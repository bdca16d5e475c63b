/**
 * The docs site of `catalog/` in a real browser: Debian's Chromium, headless, through
 * playwright-core (never a downloaded browser). Opened from `file://` and from a sub-path of a
 * local static server: search a field name and land on its event, follow a producer to its
 * service page and back, see the graphs render, and keep a screenshot of an event page in each
 * theme under `test-results/docs/`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDocs } from "../../generator/cli/docs-command.js";
import type { CliIO } from "../../generator/cli/io.js";
import { launchChromium } from "../support/chromium.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SITE = join(ROOT, "test/.output/docs-site/catalog");
const ARTIFACTS = join(ROOT, "test-results/docs");
const SUB_PATH = "/teams/platform/event-docs/";
/** A field name only one event of the catalog has. */
const FIELD = "donorEmail";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

let browser: Browser;
let server: Server;
let serverBase: string;
const strayRequests: string[] = [];

beforeAll(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const io: CliIO = { cwd: ROOT, stdout: () => {}, stderr: (text) => process.stderr.write(text), isTTY: false, exitCode: 0 };
  expect(await runDocs(io, "catalog", { out: SITE, format: "text", cache: true })).toBe(0);

  // the site served under a sub-path, as on a shared docs host; anything outside it is a bug
  server = createServer((request, response) => {
    const url = decodeURIComponent((request.url ?? "/").split(/[?#]/)[0]!);
    const file = url.startsWith(SUB_PATH) ? normalize(join(SITE, url.slice(SUB_PATH.length) || "index.html")) : undefined;
    if (!file || !file.startsWith(SITE + sep) || !existsSync(file)) {
      strayRequests.push(url);
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  serverBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB_PATH}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

const origins = [
  { name: "file", base: () => pathToFileURL(SITE + sep).href },
  { name: "sub-path", base: () => serverBase },
];

/** A page that fails the test on any script error and on any request leaving the site. */
async function openPage(base: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(base)) problems.push(`request outside the site: ${request.url()}`);
  });
  return { page, problems };
}

describe.each(origins)("docs site from $name", ({ name, base }) => {
  it("search for a field name lands on its event, at the field", async () => {
    const { page, problems } = await openPage(base());
    await page.goto(`${base()}index.html`);
    await page.locator("#search").fill(FIELD);
    const first = page.locator("#search-results li[role=option]").first();
    await expect.poll(() => first.textContent()).toContain(FIELD);
    await page.locator("#search").press("Enter");
    await page.waitForURL(/events\/donation-completed\.html#payload-donorEmail$/);
    expect(await page.locator("h1").textContent()).toContain("donation.completed");
    const row = page.locator("tr#payload-donorEmail");
    expect(await row.isVisible()).toBe(true);
    expect(await row.locator("td:first-child").textContent()).toContain(FIELD);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("follows a producer to its service page and back", async () => {
    const { page, problems } = await openPage(base());
    await page.goto(`${base()}events/donation-completed.html`);
    const producer = page.locator("table.endpoints tr", { has: page.locator("td.role.publishes") }).locator("td:first-child a").first();
    const service = (await producer.textContent())!;
    await producer.click();
    await page.waitForURL(/\/services\/[\w-]+\.html$/);
    expect(await page.locator("h1").textContent()).toContain(service);
    const back = page.locator("table.publishes td:first-child a", { hasText: "donation.completed" });
    expect(await back.count()).toBe(1);
    await back.click();
    await page.waitForURL(/\/events\/donation-completed\.html$/);
    expect(await page.locator("h1").textContent()).toContain("donation.completed");
    await page.goBack();
    await page.waitForURL(/\/services\/[\w-]+\.html$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("renders the domain graph, a domain's graph and the event's graph", async () => {
    const { page, problems } = await openPage(base());
    await page.goto(`${base()}graph.html`);
    const domains = await page.locator('svg.graph a.node[href^="graphs/"]').count();
    expect({ domains, rows: await page.locator("#domains + table tbody tr").count(), services: (await page.locator("svg.graph a.node.service").count()) > 10 }).toEqual({
      domains,
      rows: domains,
      services: true,
    });
    expect(domains).toBeGreaterThan(10);
    await page.locator('svg.graph a.node[href="graphs/donation.html"]').click();
    await page.waitForURL(/\/graphs\/donation\.html$/);
    expect((await page.locator("svg.graph").boundingBox())!.width).toBeGreaterThan(300);
    // a node is a working link
    await page.locator('svg.graph a.node.event[href="../events/donation-completed.html"]').click();
    await page.waitForURL(/\/events\/donation-completed\.html$/);
    const small = page.locator("figure.graph-box svg.graph");
    expect((await small.boundingBox())!.height).toBeGreaterThan(40);
    expect(await small.locator("a.node.service").count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("has light and dark themes (system preference and toggle), kept as screenshots, and print styles", async () => {
    const { page, problems } = await openPage(base());
    const background = () => page.evaluate("getComputedStyle(document.body).backgroundColor");
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${base()}events/donation-completed.html`);
    const light = await background();
    await page.screenshot({ path: join(ARTIFACTS, `event-${name}-light.png`), fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await background();
    await page.screenshot({ path: join(ARTIFACTS, `event-${name}-dark.png`), fullPage: false });
    expect(light).toBe("rgb(255, 255, 255)");
    expect(dark).not.toBe(light);
    // the toggle overrides the system preference
    await page.locator("#theme-toggle").click();
    expect(await page.evaluate('document.documentElement.getAttribute("data-theme")')).toBe("light");
    expect(await background()).toBe(light);
    // print: the page content only, no navigation chrome
    await page.emulateMedia({ media: "print" });
    expect({ sidebar: await page.locator("#sidebar").isVisible(), search: await page.locator("#search").isVisible(), content: await page.locator("main h1").isVisible() }).toEqual({
      sidebar: false,
      search: false,
      content: true,
    });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe("docs site server", () => {
  it("was never asked for anything outside its sub-path", () => {
    expect(strayRequests).toEqual([]);
  });
});
