/**
 * A real git repository whose catalog changes over five commits (shared by the history tests
 * and the browser tests): order.placed v1 -> v2 (optional note: compatible) -> v3 (note
 * required: breaking, and order.shipped added), then a commit that breaks the catalog and one
 * that fixes it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

/** Creates the repository under `parent` and returns its path. */
export function historyRepo(parent: string): string {
  mkdirSync(parent, { recursive: true });
  const repo = mkdtempSync(join(parent, "docs-history-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" }).toString();
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
  return repo;
}
