/** `event-map.ts`: event name -> payload type, the EventName union, names and versions. */
import { StructureKind } from "ts-morph";
import type { CatalogIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import type { Names } from "../naming.js";
import { exportedConst, printStatements, type Statement } from "../ts-printer.js";

export function emitEventMap(ir: CatalogIR, names: Names): GeneratedFile {
  const literal = (value: string) => JSON.stringify(value);
  const statements: Statement[] = [
    // a namespace, not one import line naming every payload type
    ...(ir.events.length > 0 ? [{ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./types.js", namespaceImport: "types" } as const] : []),
    // type literals, not interfaces: they must satisfy the runtime's index-signature constraint
    mapAlias("EventMap", "Every event of the catalog: event name -> payload type.", ir.events.map((e) => [e.name, `types.${names.eventType(e.name)}`])),
    mapAlias(
      "EventHeadersMap",
      "Events that declare a headers schema: event name -> headers type.",
      ir.events.flatMap((e) => (e.headers ? [[e.name, `types.${names.headersType(e.name)}`] as const] : [])),
    ),
    { kind: StructureKind.TypeAlias, name: "EventName", isExported: true, type: "keyof EventMap", docs: ["The name of any event of the catalog."] },
    exportedConst("EVENT_NAMES", "Every event name, sorted.", (w) => {
      w.write("[").newLine();
      w.indent(() => ir.events.forEach((e) => w.write(`${literal(e.name)},`).newLine()));
      w.write("] as const satisfies readonly EventName[]");
    }),
    exportedConst("EVENT_VERSIONS", "The schema version of each event (carried in every envelope's `dataschema`).", (w) => {
      w.write("{").newLine();
      w.indent(() => ir.events.forEach((e) => w.write(`${literal(e.name)}: ${literal(e.version)},`).newLine()));
      w.write("} as const satisfies Record<EventName, string>");
    }),
  ];
  return { path: "event-map.ts", contents: header("ts") + printStatements(statements) };
}

function mapAlias(name: string, doc: string, entries: ReadonlyArray<readonly [string, string]>): Statement {
  return {
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    docs: [doc],
    type: (w) => {
      if (entries.length === 0) return void w.write("Record<never, never>");
      w.write("{").newLine();
      w.indent(() => entries.forEach(([key, type]) => w.write(`${JSON.stringify(key)}: ${type};`).newLine()));
      w.write("}");
    },
  };
}
