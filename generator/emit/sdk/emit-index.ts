/**
 * `index.ts`: the SDK a service imports. `createEventBus(options)` binds the runtime's typed
 * bus to this catalog (the definitions of `events.ts`: EventMap, precompiled validators,
 * addresses, delivery defaults); everything else generated is re-exported from here.
 */
import { StructureKind, type CodeBlockWriter } from "ts-morph";
import type { CatalogIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import type { Names } from "../naming.js";
import { exportedConst, printStatements, type Statement } from "../ts-printer.js";

export function emitIndex(ir: CatalogIR, names: Names): GeneratedFile {
  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "eventsmith/runtime", namedImports: ["createBus", "defineCatalog", "memoryTransport", { name: "BusOptions", isTypeOnly: true }, { name: "EventBus", isTypeOnly: true }] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./event-map.js", namedImports: ["EventMap"] },
    { kind: StructureKind.ImportDeclaration, namespaceImport: "definitions", moduleSpecifier: "./events.js" },
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
      docs: ["A typed event bus for this catalog. Without a `transport` it runs in process (`memoryTransport()`)."],
      parameters: [{ name: "options", type: "BusOptions", initializer: "{}" }],
      returnType: "EventBus<EventMap>",
      statements: ["return createBus(catalog, { ...options, transport: options.transport ?? memoryTransport() });"],
    },
  ];
  return { path: "index.ts", contents: header("ts") + printStatements(statements) };
}

function writeCatalog(w: CodeBlockWriter, ir: CatalogIR, names: Names): void {
  w.write("/*@__PURE__*/ defineCatalog<EventMap>(").inlineBlock(() => {
    w.writeLine("...definitions.settings,");
    w.write("events: ").inlineBlock(() => {
      for (const event of ir.events) w.writeLine(`${JSON.stringify(event.name)}: definitions.${names.eventDefinition(event.name)},`);
    });
    w.write(",").newLine();
  });
  w.write(")");
}
