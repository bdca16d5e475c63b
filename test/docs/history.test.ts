/**
 * `--history <n>`: per event, the versions found in the last n commits that changed the
 * catalog, each with the compat engine's verdict on that change, read from a real git
 * repository built by the test.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runDocs } from "../../generator/cli/docs-command.js";
import type { CliIO } from "../../generator/cli/io.js";
import { readHistory } from "../../generator/emit/docs/history/read-history.js";

const OUTPUT = resolve(import.meta.dirname, "../.output");

const catalog = (version: string, placed: string, extra = "") => `asyncapi: 3.0.0
info: { title: Shop, version: 1.0.0 }
channels:
  orderPlaced:
    address: order.placed
    messages: { orderPlaced: { $ref: '#/components/messages/orderPlaced' } }
${extra ? "  orderShipped:\n    address: order.shipped\n    messages: { orderShipped: { $ref: '#/components/messages/orderShipped' } }\n" : ""}operations:
  sendOrderPlaced: { action: send, channel: { $ref: '#/channels/orderPlaced' }, x-service: checkout }
components:
  messages:
    orderPlaced:
      name: order.placed
      x-version: "${version}"
      payload:
${placed}
${extra}`;

const v1 = catalog("1", "        type: object\n        required: [orderId]\n        properties:\n          orderId: { type: string }");
const v2 = catalog("2", "        type: object\n        required: [orderId]\n        properties:\n          orderId: { type: string }\n          note: { type: string }");
const shipped = "    orderShipped:\n      name: order.shipped\n      payload: { type: object, properties: { trackingId: { type: string } } }";
const v3 = catalog("3", "        type: object\n        required: [orderId, note]\n        properties:\n          orderId: { type: string }\n          note: { type: string }", shipped);

let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" }).toString();

beforeAll(() => {
  mkdirSync(OUTPUT, { recursive: true });
  repo = mkdtempSync(join(OUTPUT, "docs-history-"));
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "Test");
  const commit = (message: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) writeFileSync(join(repo, path), text);
    git("add", "-A");
    git("commit", "-q", "-m", message);
  };
  commit("orders: first version", { "catalog.yaml": v1 });
  commit("orders: optional note", { "catalog.yaml": v2 });
  commit("readme only", { "README.md": "# shop\n" });
  commit("orders: note required; order.shipped", { "catalog.yaml": v3 });
  commit("broken for a while", { "catalog.yaml": v3.replace("orderId: { type: string }", "orderId: { type: 12 }") });
  commit("fixed", { "catalog.yaml": v3 });
});

describe("readHistory", () => {
  it("lists each event's versions, newest first, with the verdict of each change", async () => {
    const history = await readHistory(join(repo, "catalog.yaml"), 10);
    const brief = Object.fromEntries(
      Object.entries(history.events).map(([event, entries]) => [event, entries.map((e) => `${e.subject}: ${e.change} ${e.previousVersion ?? "-"}->${e.version} ${e.verdict}`)]),
    );
    expect({ commits: history.commits, skipped: history.skipped.map((s) => `${s.subject}: ${s.problem.replace(/[0-9a-f]{12}/, "<sha>")}`), events: brief }).toEqual({
      commits: 5,
      // a commit whose catalog does not compile cannot be compared, nor can the one after it
      skipped: ["fixed: the catalog at <sha> has 1 error", "broken for a while: the catalog at <sha> has 1 error"],
      events: {
        "order.placed": [
          "orders: note required; order.shipped: changed 2->3 breaking",
          "orders: optional note: changed 1->2 compatible",
          "orders: first version: added -->1 compatible",
        ],
        "order.shipped": ["orders: note required; order.shipped: added -->1.0.0 compatible"],
      },
    });
    const breaking = history.events["order.placed"]![0]!;
    expect(breaking.findings.map((f) => `${f.rule} ${f.direction} ${f.pointer}`)).toEqual(["property-required backward /payload/properties/note"]);
    expect(breaking.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reads only the last n commits that changed the catalog", async () => {
    const history = await readHistory(join(repo, "catalog.yaml"), 3);
    expect(history.commits).toBe(3);
    expect(history.events["order.placed"]!.map((e) => e.version)).toEqual(["3"]);
  });
});

describe("eventsmith docs --history", () => {
  it("shows the versions table on each event page", async () => {
    let err = "";
    const io: CliIO = { cwd: repo, stdout: () => {}, stderr: (t) => void (err += t), isTTY: false, exitCode: 0 };
    expect(await runDocs(io, "catalog.yaml", { out: "site", format: "text", cache: false, history: 4 })).toBe(0);
    expect(err.split("\n").filter((line) => line.startsWith("docs:")).map((line) => line.replace(/[0-9a-f]{12}/g, "<sha>"))).toEqual([
      "docs: warning: --history: commit <sha> (fixed) not compared: the catalog at <sha> has 1 error",
      "docs: warning: --history: commit <sha> (broken for a while) not compared: the catalog at <sha> has 1 error",
    ]);
    const page = readFileSync(join(repo, "site/events/order-placed.html"), "utf8");
    const versions = page.slice(page.indexOf('<h2 id="versions">'));
    expect(versions.match(/<tr class="verdict-[\w-]+">/g)).toEqual(['<tr class="verdict-breaking">', '<tr class="verdict-compatible">']);
    expect(versions).toMatch(/<p class="warning">Not compared: <code>[0-9a-f]{12}<\/code> \(the catalog at [0-9a-f]{12} has 1 error\); <code>/);
    expect(versions).toContain("orders: note required; order.shipped");
    expect(versions).toContain("<code>property-required</code> backward at <code>/payload/properties/note</code>");
    const shippedPage = readFileSync(join(repo, "site/events/order-shipped.html"), "utf8");
    expect(shippedPage).toContain("<td>added</td>");
  });
});
