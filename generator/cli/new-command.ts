/**
 * `eventsmith new catalog [dir]` scaffolds a catalog; `eventsmith new event <name>` adds an event
 * (channel, message, payload schema, a send operation) to a catalog document, editing the YAML
 * in place so its comments and layout survive. The result is validated before anything is kept.
 */
import { Command } from "commander";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isMap, parseDocument, type Document } from "yaml";
import { hasErrors } from "../diagnostics.js";
import { camel, pascal } from "../emit/naming.js";
import { compileCatalog } from "../pipeline.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { EXIT, type CliIO } from "./io.js";
import { writeStarterCatalog } from "./starter-catalog.js";

export function newCommand(io: CliIO): Command {
  const command = new Command("new").description("scaffold a catalog, or add an event to one");
  command
    .command("catalog")
    .description("create a catalog with one example event")
    .argument("[dir]", "directory to create", "catalog")
    .option("--title <title>", "catalog title", "Event catalog")
    .action((dir: string, options: { title: string }) => {
      io.exitCode = newCatalog(io, dir, options.title);
    });
  command
    .command("event")
    .description("add an event to a catalog document")
    .argument("<name>", "event name, e.g. order.shipped")
    .option("--catalog <dir>", "catalog directory", "catalog")
    .option("--file <file>", "document to add it to (default: the one holding events of the same domain)")
    .option("--service <name>", "service that publishes it (x-service of the send operation)")
    .action(async (name: string, options: { catalog: string; file?: string; service?: string }) => {
      io.exitCode = await newEvent(io, name, options);
    });
  return command;
}

function newCatalog(io: CliIO, dir: string, title: string): number {
  const root = resolve(io.cwd, dir);
  if (existsSync(root) && readdirSync(root).length > 0) {
    io.stderr(`eventsmith new catalog: ${dir} exists and is not empty\n`);
    return EXIT.usage;
  }
  writeStarterCatalog(root, title);
  io.stdout(`created ${relative(io.cwd, root) || "."}/catalog.yaml and common/schemas.yaml; run \`eventsmith codegen ${dir}\`\n`);
  return EXIT.ok;
}

async function newEvent(io: CliIO, name: string, options: { catalog: string; file?: string; service?: string }): Promise<number> {
  const root = resolve(io.cwd, options.catalog);
  const before = await compileCatalog(root).catch(() => undefined);
  if (!before?.ir) {
    io.stderr(`eventsmith new event: ${options.catalog} is not a valid catalog; run \`eventsmith validate ${options.catalog}\`\n`);
    return EXIT.usage;
  }
  if (before.ir.events.some((event) => event.name === name)) {
    io.stderr(`eventsmith new event: ${name} already exists\n`);
    return EXIT.findings;
  }
  const domain = name.split(".")[0]!;
  const file = options.file
    ? resolve(io.cwd, options.file)
    : join(root, before.ir.events.find((event) => event.name.startsWith(`${domain}.`))?.location.file ?? `${domain}.yaml`);
  const text = existsSync(file) ? readFileSync(file, "utf8") : newDocument(domain);
  const doc = parseDocument(text);
  addEvent(doc, name, options.service ?? `${pascal(domain)}Service`);
  const previous = existsSync(file) ? text : undefined;
  writeFileSync(file, doc.toString({ lineWidth: 0 }));

  // keep the change only if the catalog is still valid
  const after = await compileCatalog(root);
  if (hasErrors(after.diagnostics)) {
    io.stderr(formatDiagnostics(after.diagnostics, { format: "text", cwd: io.cwd, catalog: after.catalog }));
    if (previous === undefined) rmSync(file);
    else writeFileSync(file, previous);
    io.stderr(`eventsmith new event: adding ${name} would break the catalog; nothing was changed\n`);
    return EXIT.findings;
  }
  io.stdout(`added ${name} to ${relative(io.cwd, file)}: fill in its payload, then run \`eventsmith codegen\`\n`);
  return EXIT.ok;
}

function addEvent(doc: Document, name: string, service: string): void {
  const key = camel(name);
  const schema = pascal(name);
  for (const section of [["channels"], ["operations"], ["components", "messages"], ["components", "schemas"]]) {
    if (!isMap(doc.getIn(section))) doc.setIn(section, doc.createNode({}));
  }
  doc.setIn(["channels", key], doc.createNode({
    address: name,
    description: `TODO: what happens when ${name} is published.`,
    messages: { [key]: { $ref: `#/components/messages/${key}` } },
  }));
  doc.setIn(["components", "messages", key], doc.createNode({
    name,
    title: name,
    summary: `TODO: one line about ${name}.`,
    contentType: "application/json",
    "x-version": "1.0",
    payload: { $ref: `#/components/schemas/${schema}` },
  }));
  doc.setIn(["components", "schemas", schema], doc.createNode({
    type: "object",
    additionalProperties: false,
    required: ["id"],
    properties: { id: { type: "string", description: "TODO: the id of what this event is about." } },
  }));
  doc.setIn(["operations", `${service}.send${pascal(name)}`], doc.createNode({
    action: "send",
    "x-service": service,
    channel: { $ref: `#/channels/${key}` },
    messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
    description: `${service} publishes ${name}.`,
  }));
}

function newDocument(domain: string): string {
  return `asyncapi: 3.0.0\ninfo:\n  title: ${pascal(domain)} events\n  version: 1.0.0\n`;
}
