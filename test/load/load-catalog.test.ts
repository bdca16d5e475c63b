/**
 * The loader: files and `$ref`s resolved once, with positions; recursive schemas, JSON Pointer
 * escapes, refs between fragment files, a single file as the catalog, and the `$ref` policy
 * (catalog root, allowedRoots, allowedUrls — the URL case against a local HTTP server).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../generator/load/load-catalog.js";
import type { LoadedCatalog, NodeRef } from "../../generator/load/types.js";

const CATALOGS = resolve(import.meta.dirname, "../fixtures/catalogs");

const located = (catalog: LoadedCatalog) => catalog.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort();
const where = (node: NodeRef | undefined) => node && `${node.file}#${node.pointer}`;

describe("loadCatalog: $ref resolution", () => {
  const cases: Array<{ name: string; path: string; from: NodeRef; want: string | undefined }> = [
    {
      name: "a recursive schema refers to itself without a cycle",
      path: "recursive",
      from: { file: "asyncapi.yaml", pointer: "/components/schemas/Node/properties/children/items" },
      want: "asyncapi.yaml#/components/schemas/Node",
    },
    {
      name: "mutually recursive schemas",
      path: "recursive",
      from: { file: "asyncapi.yaml", pointer: "/components/schemas/Forest/properties/trees/items" },
      want: "asyncapi.yaml#/components/schemas/Node",
    },
    {
      name: "~1 is a slash in a key",
      path: "pointer-escapes",
      from: { file: "asyncapi.yaml", pointer: "/channels/user~1{userId}/messages/userRenamed" },
      want: "asyncapi.yaml#/components/messages/user~1renamed",
    },
    {
      name: "%7B %7D are percent-encoded braces, decoded before the pointer",
      path: "pointer-escapes",
      from: { file: "asyncapi.yaml", pointer: "/operations/publishUserRenamed/channel" },
      want: "asyncapi.yaml#/channels/user~1{userId}",
    },
    {
      name: "~0 is a tilde in a key",
      path: "pointer-escapes",
      from: { file: "asyncapi.yaml", pointer: "/components/messages/user~1renamed/payload" },
      want: "asyncapi.yaml#/components/schemas/name~0v2",
    },
    {
      name: "a document refers to a fragment file",
      path: "fragments",
      from: { file: "asyncapi.yaml", pointer: "/channels/orderCreated/messages/orderCreated" },
      want: "common/messages.yaml#/OrderCreated",
    },
    {
      name: "a fragment refers to another, relative to its own directory",
      path: "fragments",
      from: { file: "common/messages.yaml", pointer: "/OrderCreated/payload" },
      want: "schemas/order.yaml#/Order",
    },
    {
      name: "a ref to a whole file points at its root",
      path: "fragments",
      from: { file: "schemas/order.yaml", pointer: "/Order/properties/total" },
      want: "schemas/money.yaml#",
    },
    {
      name: "a single file as the catalog: its directory is the root",
      path: "fragments/asyncapi.yaml",
      from: { file: "common/messages.yaml", pointer: "/OrderCreated/payload" },
      want: "schemas/order.yaml#/Order",
    },
    {
      name: "a property named like a data keyword is a schema: its $ref is resolved",
      path: "data-keys",
      from: { file: "asyncapi.yaml", pointer: "/channels/settingsChanged/messages/settingsChanged/payload/properties/default" },
      want: "asyncapi.yaml#/components/schemas/Setting",
    },
    {
      name: "a `$ref` key inside a default value is data",
      path: "data-keys",
      from: { file: "asyncapi.yaml", pointer: "/channels/settingsChanged/messages/settingsChanged/payload/default" },
      want: "asyncapi.yaml#/channels/settingsChanged/messages/settingsChanged/payload/default",
    },
    {
      name: "a `$ref` key inside an example is data",
      path: "data-keys",
      from: { file: "asyncapi.yaml", pointer: "/channels/settingsChanged/messages/settingsChanged/examples/0/payload/default" },
      want: "asyncapi.yaml#/channels/settingsChanged/messages/settingsChanged/examples/0/payload/default",
    },
  ];

  it.each(cases)("$name", async ({ path, from, want }) => {
    const catalog = await loadCatalog(join(CATALOGS, path));
    expect(catalog.diagnostics).toEqual([]);
    expect(where(catalog.deref(from))).toBe(want);
  });

  it("reports what it read: documents, every file, every $ref", async () => {
    const catalog = await loadCatalog(join(CATALOGS, "fragments"));
    expect(catalog.root).toBe(join(CATALOGS, "fragments"));
    expect(catalog.documents).toEqual(["asyncapi.yaml"]);
    expect([...catalog.files.keys()].sort()).toEqual(["asyncapi.yaml", "common/messages.yaml", "schemas/money.yaml", "schemas/order.yaml"]);
    expect(catalog.watchedPaths).toEqual(
      ["asyncapi.yaml", "common/messages.yaml", "schemas/money.yaml", "schemas/order.yaml"].map((f) => join(CATALOGS, "fragments", f)),
    );
    expect(catalog.refs.map(({ from, to }) => `${where(from)} -> ${where(to)}`)).toEqual([
      "asyncapi.yaml#/channels/orderCreated/messages/orderCreated -> common/messages.yaml#/OrderCreated",
      "common/messages.yaml#/OrderCreated/payload -> schemas/order.yaml#/Order",
      "schemas/order.yaml#/Order/properties/total -> schemas/money.yaml#",
    ]);
  });

  it("locates nodes: a mapping value at its key, a missing node at its nearest ancestor", async () => {
    const catalog = await loadCatalog(join(CATALOGS, "fragments"));
    expect(catalog.locate({ file: "schemas/order.yaml", pointer: "/Order/properties/orderId" })).toEqual({ file: "schemas/order.yaml", line: 4, column: 5 });
    expect(catalog.locate({ file: "schemas/order.yaml", pointer: "/Order/properties/nope/type" })).toEqual({ file: "schemas/order.yaml", line: 3, column: 3 });
    expect(catalog.get({ file: "schemas/money.yaml", pointer: "/properties/amount" })).toEqual({ type: "number" });
  });
});

describe("loadCatalog: where $refs may lead", () => {
  let server: Server;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    const files: Record<string, string> = {
      "/schemas/order.json": JSON.stringify({ type: "object", properties: { total: { $ref: "money.json" } } }),
      "/schemas/money.json": JSON.stringify({ type: "object", properties: { amount: { $ref: "/private/amount.json" } } }),
      "/private/amount.json": JSON.stringify({ type: "number" }),
    };
    server = createServer((request, response) => {
      const body = files[request.url ?? ""];
      response.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json" }).end(body ?? "");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    dir = mkdtempSync(join(tmpdir(), "eventsmith-load-"));
    mkdirSync(join(dir, "catalog"));
    mkdirSync(join(dir, "elsewhere"));
    writeFileSync(join(dir, "elsewhere", "secret.yaml"), "type: string\n");
    symlinkSync(join(dir, "elsewhere", "secret.yaml"), join(dir, "catalog", "linked.yaml"));
    writeFileSync(
      join(dir, "catalog", "asyncapi.yaml"),
      [
        "asyncapi: 3.0.0",
        "info: { title: Remote, version: 1.0.0 }",
        "components:",
        "  schemas:",
        `    Order: { $ref: '${base}/schemas/order.json' }`,
        "    Linked: { $ref: './linked.yaml' }",
        "",
      ].join("\n"),
    );
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses outside the root by default, follows allowedRoots", async () => {
    const refused = await loadCatalog(join(CATALOGS, "outside/catalog"));
    expect(located(refused)).toEqual(["asyncapi.yaml:15:11 ref-outside-root"]);

    const allowed = await loadCatalog(join(CATALOGS, "outside/catalog"), { allowedRoots: [join(CATALOGS, "outside/shared")] });
    expect(allowed.diagnostics).toEqual([]);
    expect(where(allowed.deref({ file: "asyncapi.yaml", pointer: "/channels/orderCreated/messages/orderCreated/payload" }))).toBe("../shared/order.yaml#");
  });

  it("refuses a symlink inside the root that leads outside it", async () => {
    const catalog = await loadCatalog(join(dir, "catalog"), { allowedUrls: [`${base}/`] });
    expect(located(catalog)).toEqual(["asyncapi.yaml:6:15 ref-outside-root"]);
  });

  const urlCases: Array<{ name: string; allowedUrls: (base: string) => string[]; want: string[] }> = [
    { name: "refuses URLs by default", allowedUrls: () => [], want: ["asyncapi.yaml:5:14 ref-remote"] },
    {
      name: "fetches allowed URLs; a ref in a remote file resolves against its URL, under the same policy",
      allowedUrls: (base) => [`${base}/schemas/`],
      want: ["<base>/schemas/money.json:1:42 ref-remote"],
    },
    { name: "an allowed prefix covers every file under it", allowedUrls: (base) => [`${base}/`], want: [] },
  ];

  it.each(urlCases)("$name", async ({ allowedUrls, want }) => {
    const catalog = await loadCatalog(join(dir, "catalog"), { allowedUrls: allowedUrls(base), allowedRoots: [join(dir, "elsewhere")] });
    expect(located(catalog).map((line) => line.replace(base, "<base>"))).toEqual(want);
  });

  it("keeps remote files by URL, resolved against the file that names them", async () => {
    const catalog = await loadCatalog(join(dir, "catalog"), { allowedUrls: [`${base}/`], allowedRoots: [join(dir, "elsewhere")] });
    expect(where(catalog.deref({ file: "asyncapi.yaml", pointer: "/components/schemas/Order" }))).toBe(`${base}/schemas/order.json#`);
    expect(where(catalog.deref({ file: `${base}/schemas/money.json`, pointer: "/properties/amount" }))).toBe(`${base}/private/amount.json#`);
    expect(catalog.watchedPaths).toEqual([join(dir, "catalog", "asyncapi.yaml"), join(dir, "catalog", "linked.yaml")]);
  });
});
