/**
 * Runs `eventsmith compat` in-process through the CLI's `main` (as the binary does), and writes
 * small AsyncAPI 3 catalogs for the CLI and git tests.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CliIO } from "../../generator/cli/io.js";
import { main } from "../../generator/cli/main.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCompatCli(cwd: string, args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, exitCode: 0 };
  const exitCode = await main(["node", "eventsmith", "compat", ...args], io);
  return { exitCode, stdout, stderr };
}

export interface CatalogSpec {
  /** The contact.created payload, as YAML lines (indented under `payload:`). */
  payload?: string;
  contentType?: string;
  /** More events: name -> payload YAML. */
  more?: Record<string, string>;
  /** Services that receive contact.created (a `receive` operation each, with `x-service`). */
  consumers?: string[];
}

export const PAYLOAD = `type: object
properties:
  id: { type: string }
  email: { type: string }
required: [id]`;

/** A one-document AsyncAPI 3 catalog in `dir` (events.yaml). */
export function writeAsyncApi(dir: string, spec: CatalogSpec = {}): void {
  mkdirSync(dir, { recursive: true });
  const events = { "contact.created": spec.payload ?? PAYLOAD, ...spec.more };
  const keys = Object.keys(events).map((name) => name.replace(/\W+(\w)/g, (_, c: string) => c.toUpperCase()));
  const indent = (text: string, n: number) => text.split("\n").map((l) => " ".repeat(n) + l).join("\n");
  const lines = ["asyncapi: 3.0.0", "info:", "  title: Contacts", "  version: 1.0.0", "channels:"];
  Object.keys(events).forEach((name, i) => {
    lines.push(`  ${keys[i]}:`, `    address: ${name}`, "    messages:", `      ${keys[i]}:`, `        $ref: '#/components/messages/${keys[i]}'`);
  });
  lines.push("operations:");
  keys.forEach((key) => lines.push(`  send${key}:`, "    action: send", `    channel: { $ref: '#/channels/${key}' }`));
  for (const service of spec.consumers ?? []) {
    lines.push(`  ${service}Receives:`, "    action: receive", `    channel: { $ref: '#/channels/${keys[0]}' }`, `    x-service: ${service}`);
  }
  lines.push("components:", "  messages:");
  Object.entries(events).forEach(([name, payload], i) => {
    lines.push(`    ${keys[i]}:`, `      name: ${name}`, `      contentType: ${i === 0 ? (spec.contentType ?? "application/json") : "application/json"}`, "      payload:", indent(payload, 8));
  });
  writeFileSync(join(dir, "events.yaml"), lines.join("\n") + "\n");
}
