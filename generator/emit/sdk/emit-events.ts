/**
 * `events.ts`: each event's runtime definition as its own constant (version, address,
 * validator, and only the settings that differ from `defineEvent`'s defaults), plus the
 * catalog-wide settings. The whole SDK (`index.ts`) and each service's entry point build
 * their catalogs from these, so a bundler keeps only the definitions, and so only the
 * validators, that a service's entry point names.
 */
import { StructureKind, type CodeBlockWriter } from "ts-morph";
import { PRIORITIES } from "../../../runtime/bus/catalog.js";
import type { CatalogIR, EventIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import { catalogSlug, type Names } from "../naming.js";
import { printStatements, type Statement } from "../ts-printer.js";
import { commentLines } from "../types/jsdoc.js";
import { headersValidatorName, validatorName } from "../validators/emit-validators.js";

const eventImports: Statement[] = [
  { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./event-map.js", namedImports: ["EventMap"] },
  { kind: StructureKind.ImportDeclaration, namespaceImport: "validators", moduleSpecifier: "./validators/index.js" },
];

export function emitEvents(ir: CatalogIR, names: Names): GeneratedFile {
  const replies = repliesByEvent(ir);
  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "eventsmith/runtime",
      namedImports: [...(ir.events.length > 0 ? ["defineEvent"] : []), { name: "CatalogDefinition", isTypeOnly: true }],
    },
    // a catalog without events (a new project) imports nothing it would not use
    ...(ir.events.length === 0 ? [] : eventImports),
    (w) => {
      const json = (value: unknown) => JSON.stringify(value);
      w.writeLine("/** What every catalog of this SDK shares: its name and the delivery and transport settings. */");
      w.write('export const settings: Omit<CatalogDefinition, "events"> = ').inlineBlock(() => {
        w.writeLine(`name: ${json(catalogSlug(ir.title))},`);
        w.writeLine(`delivery: ${json(ir.settings.delivery)},`);
        w.writeLine(`nats: ${json(ir.settings.nats)},`);
        w.writeLine(`redis: ${json(ir.settings.redis)},`);
      });
      w.write(";").newLine();
    },
    ...ir.events.map((event) => definition(ir, event, names, replies.get(event.name) ?? [])),
  ];
  return { path: "events.ts", contents: header("ts") + printStatements(statements) };
}

function definition(ir: CatalogIR, event: EventIR, names: Names, replies: readonly string[]): Statement {
  const json = (value: unknown) => JSON.stringify(value);
  return (w: CodeBlockWriter) => {
    const summary = event.summary ?? event.title;
    w.writeLine(`/** \`${commentLines(event.name).join(" ")}\` v${commentLines(event.version).join(" ")}${summary ? `: ${commentLines(summary).join(" ")}` : ""} */`);
    w.write(`export const ${names.eventDefinition(event.name)} = /*@__PURE__*/ defineEvent<EventMap[${json(event.name)}]>(`).inlineBlock(() => {
      w.writeLine(`name: ${json(event.name)},`);
      w.writeLine(`version: ${json(event.version)},`);
      w.writeLine(`address: ${json(addressOf(ir, event))},`);
      w.writeLine(`validate: validators.${validatorName(names, event.name)},`);
      if (event.headers) w.writeLine(`validateHeaders: validators.${headersValidatorName(names, event.name)},`);
      if (event.deprecated) w.writeLine("deprecated: true,");
      const priority = priorityOf(event);
      if (priority !== "normal") w.writeLine(`priority: ${json(priority)},`);
      if (replies.length > 0) w.writeLine(`replies: ${json(replies)},`);
      const partitioning = partitioningOf(event);
      if (partitioning) w.writeLine(`partitioning: ${json(partitioning)},`);
    });
    w.write(");").newLine();
  };
}

function addressOf(ir: CatalogIR, event: EventIR): string | null {
  const channel = ir.channels.find((c) => c.id === event.channels[0]);
  return channel?.address ?? null;
}

/** Seed 002's priority levels from the message's `x-priority`; `normal` otherwise. */
export function priorityOf(event: EventIR): (typeof PRIORITIES)[number] {
  const value = event.extensions["x-priority"];
  return PRIORITIES.find((p) => p === value) ?? "normal";
}

/** The message's stream-partition settings (`x-eventsmith.partitions` / `.partitionKey`), where it sets them (validate has checked them). */
export function partitioningOf(event: EventIR): { partitions?: number; partitionKey?: string } | undefined {
  if (!event.partitioning) return undefined;
  const { partitions, partitionKey } = event.partitioning;
  return {
    ...(typeof partitions === "number" ? { partitions } : {}),
    ...(typeof partitionKey === "string" ? { partitionKey } : {}),
  };
}

/** Event name -> the events that may answer it, from the operations' `reply`. */
export function repliesByEvent(ir: CatalogIR): Map<string, string[]> {
  const replies = new Map<string, string[]>();
  for (const op of ir.operations) {
    if (!op.reply) continue;
    for (const event of op.events) replies.set(event, [...new Set([...(replies.get(event) ?? []), ...op.reply.events])].sort());
  }
  return replies;
}
