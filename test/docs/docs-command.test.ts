/**
 * `eventsmith docs`: what the command writes and refuses, run in-process as the binary runs it.
 * The site must work without a server: relative links only, navigation in one shared file.
 */
import { CommanderError } from "commander";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { docsCommand, runDocs, type DocsOptions } from "../../generator/cli/docs-command.js";
import type { CliIO } from "../../generator/cli/io.js";

const ROOT = resolve(import.meta.dirname, "../..");
const OUTPUT = join(ROOT, "test/.output/docs-command");

function capture(cwd = ROOT): CliIO & { out: string; err: string } {
  const io = { cwd, out: "", err: "", isTTY: false, exitCode: 0, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const options = (out: string, extra: Partial<DocsOptions> = {}): DocsOptions => ({ out, format: "text", cache: true, ...extra });

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)).map((f) => `${name}/${f}`) : [name]));
}

const small = `asyncapi: 3.0.0
info: { title: Shop, version: 1.0.0 }
channels:
  orderPlaced:
    address: order.placed
    messages: { orderPlaced: { $ref: '#/components/messages/orderPlaced' } }
operations:
  sendOrderPlaced: { action: send, channel: { $ref: '#/channels/orderPlaced' }, x-service: checkout }
  receiveOrderPlaced: { action: receive, channel: { $ref: '#/channels/orderPlaced' }, x-service: billing }
components:
  messages:
    orderPlaced:
      name: order.placed
      summary: An order was placed.
      payload:
        type: object
        required: [orderId]
        properties:
          orderId: { type: string, format: uuid }
`;

describe("eventsmith docs", () => {
  let site: string;
  let first: ReturnType<typeof capture>;

  beforeAll(async () => {
    rmSync(OUTPUT, { recursive: true, force: true });
    site = join(OUTPUT, "catalog-site");
    first = capture();
    expect(await runDocs(first, "catalog", options(site))).toBe(0);
  }, 120_000);

  it("reports what it wrote", () => {
    expect(first.out).toMatch(/^docs: \d+ events -> test\/\.output\/docs-command\/catalog-site: \d+ files \([\d.]+ MB\), \d+ written, 0 unchanged, 0 removed \(\d+ ms\)\n$/);
  });

  it("writes only relative links and sources (works from file:// and under any sub-path)", () => {
    let links = 0;
    for (const file of listFiles(site).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(join(site, file), "utf8");
      for (const [, url] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        links++;
        expect({ file, url, absolute: /^(\/|[a-z][a-z0-9+.-]*:)/i.test(url!) }).toMatchObject({ absolute: false });
      }
    }
    expect(links).toBeGreaterThan(1000);
  });

  it("keeps the navigation in one shared file, not in every page", () => {
    const nav = readFileSync(join(site, "assets/site.js"), "utf8");
    const events = (nav.match(/"events\/[^"]+\.html"/g) ?? []).length;
    expect(events).toBeGreaterThan(100);
    const page = readFileSync(join(site, "events/contact-created.html"), "utf8");
    expect((page.match(/href="\.\.\/events\//g) ?? []).length).toBeLessThan(10);
    expect(page).toContain('<script src="../assets/site.js"></script>');
  });

  it("rewrites nothing when nothing changed, and is deterministic", async () => {
    const again = capture();
    expect(await runDocs(again, "catalog", options(site))).toBe(0);
    expect(again.out).toMatch(/, 0 written, \d+ unchanged, 0 removed/);
  }, 120_000);

  it("removes pages of events that are gone, and only generated files", async () => {
    const dir = mkdtempSync(join(OUTPUT, "small-"));
    writeFileSync(join(dir, "catalog.yaml"), small);
    const out = join(dir, "site");
    expect(await runDocs(capture(dir), "catalog.yaml", options(out))).toBe(0);
    expect(listFiles(out).sort()).toEqual([
      "assets/favicon.svg", "assets/search-index.js", "assets/site.js", "assets/style.css", "assets/theme.js",
      "events/order-placed.html", "graph.html", "graphs/order.html", "index.html", "services/billing.html", "services/checkout.html",
    ]);
    writeFileSync(join(out, "CNAME"), "docs.example.com\n");
    writeFileSync(join(dir, "catalog.yaml"), small.replaceAll("orderPlaced", "orderCreated").replaceAll("order.placed", "order.created"));
    const io = capture(dir);
    expect(await runDocs(io, "catalog.yaml", options(out))).toBe(0);
    expect(io.out).toMatch(/, 1 removed/);
    expect(listFiles(out)).toContain("events/order-created.html");
    expect(listFiles(out)).not.toContain("events/order-placed.html");
    expect(listFiles(out)).toContain("CNAME");
  });

  it("writes nothing while the catalog has errors (exit 1)", async () => {
    const dir = mkdtempSync(join(OUTPUT, "broken-"));
    writeFileSync(join(dir, "catalog.yaml"), small.replace("format: uuid", "format: 12"));
    const io = capture(dir);
    expect(await runDocs(io, "catalog.yaml", options(join(dir, "site")))).toBe(1);
    expect(io.err).toContain("docs: the catalog has errors; nothing was written");
    expect(readdirSync(dir)).toEqual(["catalog.yaml"]);
  });

  it.each([
    { given: ["catalog"], want: "required option '--out <dir>' not specified" },
    { given: ["catalog", "--out", "x", "--history", "0"], want: "option '--history <n>' argument '0' is invalid. must be a positive integer" },
  ])("refuses $given (usage error)", async ({ given, want }) => {
    const io = capture();
    const command = docsCommand(io).exitOverride().configureOutput({ writeErr: io.stderr, writeOut: io.stdout });
    await expect(command.parseAsync(given, { from: "user" })).rejects.toBeInstanceOf(CommanderError);
    expect(io.err).toContain(want);
  });

  it("says when a path does not exist (exit 2)", async () => {
    const io = capture();
    expect(await runDocs(io, "no-such-catalog", options(join(OUTPUT, "none")))).toBe(2);
    expect(io.err).toBe("docs: no-such-catalog: no such file or directory\n");
  });

  it("needs git for --history (exit 2)", async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const outside = mkdtempSync(join("/tmp", "eventsmith-docs-nogit-"));
    try {
      writeFileSync(join(outside, "catalog.yaml"), small);
      const io = capture(outside);
      expect(await runDocs(io, "catalog.yaml", options(join(outside, "site"), { history: 3 }))).toBe(2);
      expect(io.err).toMatch(/docs: --history: .*catalog\.yaml is not in a git repository\n$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
