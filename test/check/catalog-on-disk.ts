/** Writes a small catalog to a temporary directory and compiles it: tests give YAML, get diagnostics. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { compileCatalog, type CompileResult } from "../../generator/pipeline.js";

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export async function compileFiles(files: Record<string, string>): Promise<CompileResult> {
  const dir = mkdtempSync(join(tmpdir(), "eventsmith-check-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return compileCatalog(dir);
}

/** `file:line:column severity code message` of every diagnostic (of the given codes, if any). */
export async function diagnosticsOf(files: Record<string, string>, codes?: readonly string[]): Promise<string[]> {
  const { diagnostics } = await compileFiles(files);
  return diagnostics
    .filter((d) => !codes || codes.includes(d.code))
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
}

/** A clean AsyncAPI 3.0 document around one message (indented as under `components.messages.orderCreated`). */
export function orderDocument(message: string, extra = ""): string {
  return `asyncapi: 3.0.0
info:
  title: Orders
  version: 1.0.0
  description: Order events.
channels:
  orderCreated:
    address: order.created
    description: Orders as they are created.
    messages:
      orderCreated:
        $ref: '#/components/messages/orderCreated'
operations:
  publishOrderCreated:
    action: send
    description: The order service announces new orders.
    channel:
      $ref: '#/channels/orderCreated'
components:
  messages:
    orderCreated:
      name: order.created
      summary: An order was placed.
${message}${extra}`;
}
