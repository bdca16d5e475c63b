/**
 * `index.ts`: the SDK a service imports. `createEventBus(options)` binds the runtime's typed
 * bus to this catalog (its EventMap, precompiled validators, addresses, delivery defaults);
 * everything else generated is re-exported from here.
 */
import { StructureKind, type CodeBlockWriter } from "ts-morph";
import { PRIORITIES } from "../../../runtime/bus/catalog.js";
import type { CatalogIR, EventIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import { catalogSlug, type Names } from "../naming.js";
import { exportedConst, printStatements, type Statement } from "../ts-printer.js";
import { headersValidatorName, validatorName } from "../validators/emit-validators.js";

export function emitIndex(ir: CatalogIR, names: Names): GeneratedFile {
  const validators = ir.events.flatMap((e) => (e.headers ? [validatorName(names, e.name), headersValidatorName(names, e.name)] : [validatorName(names, e.name)]));
  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "eventsmith/runtime", namedImports: ["createBus", "defineCatalog", { name: "BusOptions", isTypeOnly: true }, { name: "EventBus", isTypeOnly: true }] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./event-map.js", namedImports: ["EventMap"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./validators/index.js", namedImports: validators },
    { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: "./types.js" },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./event-map.js" },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./channels.js" },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./validators/index.js" },
    exportedConst("catalog", "The catalog as the runtime sees it: every event with its version, address and validator.", (w) =>
      writeCatalog(w, ir, names),
    ),
    {
      kind: StructureKind.Function,
      name: "createEventBus",
      isExported: true,
      docs: ["A typed event bus for this catalog. Without a `transport` it runs in process."],
      parameters: [{ name: "options", type: "BusOptions", initializer: "{}" }],
      returnType: "EventBus<EventMap>",
      statements: ["return createBus(catalog, options);"],
    },
  ];
  return { path: "index.ts", contents: header("ts") + printStatements(statements) };
}

function writeCatalog(w: CodeBlockWriter, ir: CatalogIR, names: Names): void {
  const json = (value: unknown) => JSON.stringify(value);
  const replies = repliesByEvent(ir);
  w.write("defineCatalog<EventMap>(").inlineBlock(() => {
    w.writeLine(`name: ${json(catalogSlug(ir.title))},`);
    w.write("events: ").inlineBlock(() => {
      for (const event of ir.events) {
        w.write(`${json(event.name)}: `).inlineBlock(() => {
          w.writeLine(`name: ${json(event.name)},`);
          w.writeLine(`version: ${json(event.version)},`);
          w.writeLine(`address: ${json(addressOf(ir, event))},`);
          w.writeLine(`validate: ${validatorName(names, event.name)},`);
          if (event.headers) w.writeLine(`validateHeaders: ${headersValidatorName(names, event.name)},`);
          w.writeLine(`deprecated: ${event.deprecated},`);
          w.writeLine(`priority: ${json(priorityOf(event))},`);
          w.writeLine(`replies: ${json(replies.get(event.name) ?? [])},`);
        });
        w.write(",").newLine();
      }
    });
    w.write(",").newLine();
    w.writeLine(`delivery: ${json(ir.settings.delivery)},`);
    w.writeLine(`nats: ${json(ir.settings.nats)},`);
    w.writeLine(`redis: ${json(ir.settings.redis)},`);
  });
  w.write(")");
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

function repliesByEvent(ir: CatalogIR): Map<string, string[]> {
  const replies = new Map<string, string[]>();
  for (const op of ir.operations) {
    if (!op.reply) continue;
    for (const event of op.events) replies.set(event, [...new Set([...(replies.get(event) ?? []), ...op.reply.events])].sort());
  }
  return replies;
}
