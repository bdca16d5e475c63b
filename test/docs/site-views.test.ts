/**
 * The views the site adds over the catalog, from small IRs: domains (graph pages) and shared
 * schemas with where they are used (schema explorer), and the dagre-laid SVG they draw.
 */
import { describe, expect, it } from "vitest";
import { buildDocsModel } from "../../generator/emit/docs/docs-model.js";
import { dagreSvg } from "../../generator/emit/docs/site/dagre-graph.js";
import { domainOf, domains } from "../../generator/emit/docs/site/graph-pages.js";
import { foldSharedSchemas, indexSchemas, sharedSchemas } from "../../generator/emit/docs/site/schema-pages.js";
import { schemaFields } from "../../generator/emit/docs/schema-fields.js";
import { assignNames } from "../../generator/emit/naming.js";
import { irWith } from "../support/ir-fixture.js";

describe("domainOf", () => {
  it.each([
    { given: "contact.created", want: "contact" },
    { given: "advocacy.campaign.email.sent", want: "advocacy" },
    { given: "heartbeat", want: "heartbeat" },
    { given: ".odd", want: ".odd" },
  ])("$given -> $want", ({ given, want }) => expect(domainOf(given)).toBe(want));
});

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const ir = irWith({
  events: {
    "order.placed": { type: "object", properties: { total: ref("Money"), shipTo: ref("Address") } },
    "order.refunded": { type: "object", properties: { amount: ref("Money") } },
    "invoice.sent": { type: "object", properties: { to: ref("Address") } },
    "user.created": { type: "object", properties: { id: { type: "string" } } },
  },
  schemas: {
    Money: { type: "object", required: ["amount"], properties: { amount: { type: "number", minimum: 0 }, currency: ref("Currency") } },
    Currency: { type: "string", pattern: "^[A-Z]{3}$" },
    Address: { type: "object", properties: { city: { type: "string" } } },
  },
});

describe("site views", () => {
  it("groups events by domain, sorted, with unique slugs", () => {
    const model = buildDocsModel(ir, assignNames(ir));
    expect(domains(model)).toEqual([
      { name: "invoice", slug: "invoice", events: ["invoice.sent"] },
      { name: "order", slug: "order", events: ["order.placed", "order.refunded"] },
      { name: "user", slug: "user", events: ["user.created"] },
    ]);
  });

  it("lists schemas two events share, with every event reaching them (through other schemas too)", () => {
    expect(sharedSchemas(ir).map((s) => `${s.name}: ${s.events.join(", ")}`)).toEqual([
      "Address: invoice.sent, order.placed",
      "Currency: order.placed, order.refunded",
      "Money: order.placed, order.refunded",
    ]);
  });

  it("folds a shared schema's fields into one linked row on event pages; the payload itself and scalars stay", () => {
    const schemas = indexSchemas(sharedSchemas(ir));
    const rows = (event: string) => schemaFields(ir, ir.events.find((e) => e.name === event)!.payload.schema, "payload");
    const folded = (event: string) => foldSharedSchemas(rows(event), schemas).map(({ row, shared }) => `${row.path || "(root)"}${shared ? ` -> ${shared.slug}` : ""}`);
    expect({ placed: rows("order.placed").map((r) => r.path), folded: folded("order.placed"), user: folded("user.created") }).toEqual({
      placed: ["", "total", "total.amount", "total.currency", "shipTo", "shipTo.city"],
      folded: ["(root)", "total -> money", "shipTo -> address"],
      user: ["(root)", "id"],
    });
    // a shared scalar (Currency) is a row of its own: it has no fields to fold
    const money = schemaFields(ir, ref("Money"), "schema");
    expect(foldSharedSchemas(money, schemas).map(({ row, shared }) => `${row.path || "(root)"}${shared ? ` -> ${shared.slug}` : ""}`)).toEqual(["(root)", "amount", "currency"]);
  });

  it("lays a graph out left to right, every node a link and every edge tagged with its ends", () => {
    const svg = dagreSvg({
      title: "t",
      nodes: [
        { id: "p:shop", label: "shop", href: "shop.html", kind: "service" },
        { id: "e:order.placed", label: "order.placed", href: "e.html", kind: "event", deprecated: true },
        { id: "c:billing", label: "billing", href: "b.html", kind: "service" },
      ],
      edges: [["p:shop", "e:order.placed"], ["e:order.placed", "c:billing"], ["e:order.placed", "c:missing"]],
    }).value;
    // nodes are known by their links; edges by the positions of their ends among the nodes
    const x = (href: string) => Number(new RegExp(`href="${href}">(?:<title>[^<]*</title>)?<rect x="([\\d.]+)"`).exec(svg)![1]);
    const hrefs = [...svg.matchAll(/<a class="node[^"]*" href="([^"]+)"/g)].map((m) => m[1]!);
    expect({
      order: x("shop.html") < x("e.html") && x("e.html") < x("b.html"),
      edges: [...svg.matchAll(/data-ends="(\d+) (\d+)"/g)].map((m) => `${hrefs[Number(m[1])]}->${hrefs[Number(m[2])]}`),
      deprecated: svg.includes('class="node event deprecated"') && svg.includes("<title>order.placed (deprecated)</title>"),
      tooltips: (svg.match(/<title>/g) ?? []).length,
    }).toEqual({ order: true, edges: ["shop.html->e.html", "e.html->b.html"], deprecated: true, tooltips: 1 });
  });
});
