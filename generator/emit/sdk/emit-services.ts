/**
 * `services/<service>.ts`: one typed entry point per service of the catalog (the `x-service`
 * of its operations). Its `createEventBus` publishes only what the service sends and
 * subscribes only to what it receives, so publishing an event another service owns is a
 * compile error (and, past a cast, a `ServiceEventError` at run time).
 */
import { StructureKind, type CodeBlockWriter } from "ts-morph";
import type { CatalogIR, ServiceIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import type { Names } from "../naming.js";
import { printStatements, type Statement } from "../ts-printer.js";
import { commentLines } from "../types/jsdoc.js";
import { repliesByEvent } from "./emit-events.js";

export function emitServices(ir: CatalogIR, names: Names): GeneratedFile[] {
  const replies = repliesByEvent(ir);
  return ir.services.map((service) => ({
    path: `services/${names.serviceFile(service.name)}.ts`,
    contents: header("ts") + printStatements(serviceStatements(service, names, replies)),
  }));
}

function serviceStatements(service: ServiceIR, names: Names, replies: ReadonlyMap<string, readonly string[]>): Statement[] {
  // the replies its requests may get, and those it may answer with, travel through its bus too
  const own = [...service.sends, ...service.receives];
  const events = [...new Set([...own, ...own.flatMap((event) => replies.get(event) ?? [])])].sort();
  const extra = events.filter((event) => !own.includes(event));
  const who = `the service \`${commentLines(service.name).join(" ")}\``;
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "eventsmith/runtime",
      namedImports: [
        "createServiceBus",
        "defineCatalog",
        "memoryTransport",
        { name: "BusOptions", isTypeOnly: true },
        { name: "ServiceBus", isTypeOnly: true },
        { name: "ServiceDefinition", isTypeOnly: true },
      ],
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "../event-map.js", namedImports: ["EventMap"] },
    { kind: StructureKind.ImportDeclaration, namespaceImport: "definitions", moduleSpecifier: "../events.js" },
    (w) => {
      w.writeLine("/**");
      for (const line of [`What ${who} publishes and subscribes to, per the catalog.`, ...(service.description ? ["", ...commentLines(service.description.trim())] : [])]) {
        w.writeLine(line === "" ? " *" : ` * ${line}`);
      }
      w.writeLine(" */");
      w.write("export const service = ").inlineBlock(() => {
        w.writeLine(`name: ${JSON.stringify(service.name)},`);
        w.write("sends: ");
        list(w, service.sends);
        w.write(",").newLine();
        w.write("receives: ");
        list(w, service.receives);
        w.write(",").newLine();
      });
      w.write(" as const satisfies ServiceDefinition;").newLine();
    },
    { kind: StructureKind.TypeAlias, name: "Sends", isExported: true, docs: [`Events ${who} publishes.`], type: "(typeof service.sends)[number]" },
    { kind: StructureKind.TypeAlias, name: "Receives", isExported: true, docs: [`Events ${who} subscribes to.`], type: "(typeof service.receives)[number]" },
    {
      kind: StructureKind.TypeAlias,
      name: "ServiceEventMap",
      isExported: true,
      docs: [`The events on the bus of ${who}: what it sends and receives${extra.length > 0 ? ", and their replies" : ""}.`],
      type: `Pick<EventMap, Sends | Receives${extra.map((event) => ` | ${JSON.stringify(event)}`).join("")}>`,
    },
    (w) => {
      w.writeLine(`/** The catalog as ${who} sees it: only its own events, so a bundle of it holds only their validators. */`);
      w.write("const catalog = /*@__PURE__*/ defineCatalog<ServiceEventMap>(").inlineBlock(() => {
        w.writeLine("...definitions.settings,");
        w.write("events: ").inlineBlock(() => {
          for (const event of events) w.writeLine(`${JSON.stringify(event)}: definitions.${names.eventDefinition(event)},`);
        });
        w.write(",").newLine();
      });
      w.write(");").newLine();
    },
    {
      kind: StructureKind.Function,
      name: "createEventBus",
      isExported: true,
      docs: [
        [
          `The bus of ${who}: \`publish\` takes only the events it sends, \`subscribe\` only`,
          "those it receives, and `source` defaults to its name. Without a `transport` it runs in process (`memoryTransport()`).",
        ].join("\n"),
      ],
      parameters: [{ name: "options", type: "BusOptions", initializer: "{}" }],
      returnType: "ServiceBus<ServiceEventMap, Sends, Receives>",
      statements: ["return createServiceBus(catalog, service, { ...options, transport: options.transport ?? memoryTransport() });"],
    },
  ];
}

function list(w: CodeBlockWriter, events: readonly string[]): void {
  if (events.length === 0) return void w.write("[]");
  w.write("[").newLine();
  w.indent(() => events.forEach((event) => w.write(`${JSON.stringify(event)},`).newLine()));
  w.write("]");
}
