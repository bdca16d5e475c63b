/**
 * The docs site at a desktop width (1400 px) and a phone width (420 px), in Debian's Chromium
 * from `file://`: navigation (keyboard and the narrow-screen menu), search by field name and by
 * description, the graph's domain view and focus, the field-level diff between two versions
 * (`--history`), and no serious or critical axe-core violation on the index, an event page, a
 * service page, a schema page and the graphs. Screenshots go to `test-results/docs/`.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDocs } from "../../generator/cli/docs-command.js";
import type { CliIO } from "../../generator/cli/io.js";
import { launchChromium, seriousViolations } from "../support/chromium.js";
import { historyRepo } from "../support/history-repo.js";

const ROOT = resolve(import.meta.dirname, "../..");
const OUTPUT = join(ROOT, "test/.output/docs-viewports");
const ARTIFACTS = join(ROOT, "test-results/docs");

let browser: Browser;
let site: string;
let historySite: string;

beforeAll(async () => {
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const io = (cwd: string): CliIO => ({ cwd, stdout: () => {}, stderr: () => {}, isTTY: false, exitCode: 0 });
  site = pathToFileURL(join(OUTPUT, "catalog") + sep).href;
  expect(await runDocs(io(ROOT), "catalog", { out: join(OUTPUT, "catalog"), format: "text", cache: true })).toBe(0);
  const repo = historyRepo(OUTPUT);
  historySite = pathToFileURL(join(repo, "site") + sep).href;
  expect(await runDocs(io(repo), "catalog.yaml", { out: "site", format: "text", cache: false, history: 10 })).toBe(0);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** A page that collects script errors, at the given width. */
async function open(width: number, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  await page.goto(url);
  return { page, problems };
}

/** The page is never wider than the window: wide things scroll inside their own box. */
const overflow = (page: Page): Promise<number> => page.evaluate("document.documentElement.scrollWidth - window.innerWidth");

describe.each([
  { width: 1400, narrow: false },
  { width: 420, narrow: true },
])("docs site at $width px", ({ width, narrow }) => {
  it("navigates by keyboard and menu; event names wrap only after a dot", async () => {
    const { page, problems } = await open(width, `${site}index.html`);
    // the first Tab reaches the skip link, which moves focus to the content
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Skip to content");
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe("none");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement.id")).toBe("content");
    // narrow: the sidebar waits behind the Menu button and the content comes first
    expect({ sidebar: await page.locator("#sidebar").isVisible(), menu: await page.locator("#nav-toggle").isVisible() }).toEqual({ sidebar: !narrow, menu: narrow });
    if (narrow) {
      await page.locator("#nav-toggle").click();
      expect(await page.locator("#sidebar").isVisible()).toBe(true);
      expect(await page.locator("#nav-toggle").getAttribute("aria-expanded")).toBe("true");
      await page.keyboard.press("Escape");
      expect(await page.locator("#sidebar").isVisible()).toBe(false);
    }
    const badBreaks = await page.evaluate(BAD_BREAKS);
    expect(badBreaks).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.locator("table.index a", { hasText: "donation.completed" }).click();
    await page.waitForURL(/events\/donation-completed\.html$/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // the content, not the event list, is what a phone shows first
    expect((await page.locator("main h1").boundingBox())!.y).toBeLessThan(200);
    await page.screenshot({ path: join(ARTIFACTS, `event-${width}.png`) });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("search finds fields by name and by description", async () => {
    const { page, problems } = await open(width, `${site}index.html`);
    // words of a field's description only ("Sent by the platform, or through the supporter's mail client.")
    await page.locator("#search").fill("supporter's mail client");
    const options = page.locator("#search-results li[role=option]");
    await expect.poll(() => options.allTextContents()).toContain("fieldmethodadvocacy.campaign.email.sent");
    const hit = options.first();
    await page.locator("#search").fill("donorEmail");
    await expect.poll(() => hit.textContent()).toContain("donorEmail");
    await page.screenshot({ path: join(ARTIFACTS, `search-${width}.png`) });
    await page.locator("#search").press("Enter");
    await page.waitForURL(/events\/donation-completed\.html#payload-donorEmail$/);
    expect(await page.locator("tr#payload-donorEmail").isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("graph: a domain view, focus on one event with its links, zoom, then the event's own view", async () => {
    const { page, problems } = await open(width, `${site}graph.html`);
    await page.locator('svg.graph a.node[href="graphs/donation.html"]').click();
    await page.waitForURL(/graphs\/donation\.html$/);
    const node = page.locator('svg.graph a.node[href="../events/donation-completed.html"]');
    await node.focus();
    // edges name their ends by position among the graph's nodes
    const edges = await page.locator("svg.graph").evaluate((svg) => {
      const at = [...svg.querySelectorAll(".nodes > a")].findIndex((a) => a.getAttribute("href") === "../events/donation-completed.html");
      return [...svg.querySelectorAll(".edges > path")].filter((p) => p.getAttribute("data-ends")!.split(" ").map(Number).includes(at)).length;
    });
    expect(edges).toBeGreaterThan(2);
    expect({ focused: await page.locator("svg.graph.focused").count(), lit: await page.locator("svg.graph .edges path.lit").count() }).toEqual({ focused: 1, lit: edges });
    const before = (await page.locator("svg.graph").boundingBox())!.width;
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect((await page.locator("svg.graph").boundingBox())!.width).toBeCloseTo(before * 1.25, -1);
    await page.screenshot({ path: join(ARTIFACTS, `graph-${width}.png`) });
    await node.click();
    await page.waitForURL(/events\/donation-completed\.html$/);
    expect(await page.locator("figure.graph-box svg.graph a.node.service").count()).toBeGreaterThan(2);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("compares any two versions of an event field by field, with the compat verdict", async () => {
    const { page, problems } = await open(width, `${historySite}events/order-placed.html`);
    const result = page.locator(".version-diff .diff-result");
    const rows = async () => (await result.locator("tbody tr").allTextContents()).map((t) => t.replace(/\s+/g, " "));
    // default: the last change, 2 -> 3, note became required
    expect(await result.locator("strong").textContent()).toBe("breaking");
    expect(await rows()).toEqual(["notechangedstringstring, required"]);
    await page.locator("select.diff-from").selectOption({ label: (await optionLabel(page, "1")) });
    expect(await result.locator("p").first().textContent()).toMatch(/^1 → 3: breaking$/);
    expect(await rows()).toEqual(["noteadded—string, required"]);
    await page.locator("select.diff-to").selectOption({ label: (await optionLabel(page, "2")) });
    expect(await result.locator("p").first().textContent()).toBe("1 → 2: compatible");
    await page.locator(".version-diff").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `version-diff-${width}.png`) });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.each(["index.html", "events/donation-completed.html", "services/paymentsservice.html", "graph.html", "graphs/donation.html", "schemas/amount.html"])(
    "axe-core finds no serious or critical violation on %s",
    async (path) => {
      const { page, problems } = await open(width, `${site}${path}`);
      expect(problems).toEqual([]); // before axe, whose own stylesheet reads file:// refuses
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    },
    60_000,
  );
});

async function optionLabel(page: Page, version: string): Promise<string> {
  const labels = await page.locator("select.diff-from option").allTextContents();
  return labels.find((l) => l.startsWith(`${version} · `))!;
}

/** Event names in the index that wrap anywhere but after a dot: a line's first character must follow a ".". */
const BAD_BREAKS = `(() => {
  const bad = [];
  for (const code of [...document.querySelectorAll("table.index td.name code")].slice(0, 60)) {
    const range = document.createRange();
    let previousTop, previousChar = "";
    const texts = [...code.childNodes].flatMap((n) => (n.nodeType === Node.TEXT_NODE ? [n] : [...n.childNodes]));
    for (const node of texts) {
      const text = node.textContent || "";
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && previousTop !== undefined && rect.top > previousTop + 2 && previousChar !== ".") bad.push(code.textContent + " before " + text.slice(i));
        if (rect) previousTop = rect.top;
        previousChar = text[i];
      }
    }
  }
  return bad;
})()`;
