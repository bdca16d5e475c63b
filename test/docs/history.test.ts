/**
 * `--history <n>`: per event, the versions found in the last n commits that changed the
 * catalog, each with the compat engine's verdict on that change, read from a real git
 * repository built by the test.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runDocs } from "../../generator/cli/docs-command.js";
import type { CliIO } from "../../generator/cli/io.js";
import { readHistory } from "../../generator/history/read-history.js";
import { historyRepo } from "../support/history-repo.js";

const OUTPUT = resolve(import.meta.dirname, "../.output");

let repo: string;

beforeAll(() => {
  repo = historyRepo(OUTPUT);
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
    // the field-level diff reads each version's fields; any two versions get the engine's verdict
    const placed = history.events["order.placed"]!;
    expect(placed.map((e) => e.fields!.map(([path, , required]) => `${path}${required ? "!" : ""}`).join(" "))).toEqual(["! orderId! note!", "! orderId! note", "! orderId!"]);
    expect(history.pairs["order.placed"]!.map((p) => ({ from: p.from, to: p.to, verdict: p.verdict, findings: p.findings.map((f) => `${f.rule} ${f.pointer}`) }))).toEqual([
      { from: placed[2]!.commit, to: placed[0]!.commit, verdict: "breaking", findings: ["property-required /payload/properties/note"] },
    ]);
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
    // the changelog: one section per commit that changed an event, newest first, breaking ones marked
    const changelog = readFileSync(join(repo, "site/changelog.html"), "utf8");
    expect([...changelog.matchAll(/<h2 id="c-[0-9a-f]{12}"><code>[0-9a-f]{12}<\/code> ([^<]+)<\/h2>\s*<p class="facts">[^<]*(<span class="badge verdict-breaking">)?/g)].map((m) => `${m[1]}${m[2] ? " (breaking)" : ""}`)).toEqual([
      "orders: note required; order.shipped (breaking)",
      "orders: optional note",
    ]);
  });
});
