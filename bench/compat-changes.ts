/**
 * Fifty breaking changes applied to a synthetic catalog (bench/synthetic-catalog.ts), one per
 * event, ten kinds: schema changes (required, enum, type, closed-object removal, `$ref`
 * retargeting, null allowed) and catalog changes (event removed, channel address, content type,
 * operation direction).
 */
import { parse, stringify } from "yaml";
import type { CatalogFiles } from "./synthetic-catalog.js";

export interface AppliedChange {
  /** The event it breaks (its old name). */
  event: string;
  /** Its number in the synthetic catalog (`e<index>`, in `domain-<index / 50>.yaml`). */
  index: number;
  kind: string;
}

type Doc = {
  channels: Record<string, { address: string }>;
  operations: Record<string, { action: string }>;
  components: { messages: Record<string, { name: string; contentType: string }>; schemas: Record<string, Payload> };
};
type Payload = { required: string[]; properties: Record<string, Record<string, unknown>> };

const KINDS: Array<[string, (doc: Doc, i: number) => void]> = [
  ["required property added", (doc, i) => {
    const payload = doc.components.schemas[`E${i}Payload`]!;
    payload.properties["addedField"] = { type: "string" };
    payload.required.push("addedField");
  }],
  ["enum value removed", (doc, i) => void (doc.components.schemas[`E${i}Payload`]!.properties["status"]!["enum"] = ["pending", "active", "suspended", "closed"])],
  ["type changed", (doc, i) => void (doc.components.schemas[`E${i}Payload`]!.properties["occurredAt"] = { type: "integer" })],
  ["property removed from a closed object", (doc, i) => void delete doc.components.schemas[`E${i}Payload`]!.properties["actor"]],
  ["$ref retargeted", (doc, i) => void (doc.components.schemas[`E${i}Payload`]!.properties["id"] = { $ref: "./common.yaml#/Email" })],
  ["event removed", (doc, i) => {
    delete doc.components.messages[`e${i}`];
    delete doc.channels[`e${i}`];
    delete doc.operations[`send${i}`];
    delete doc.operations[`receive${i}`];
  }],
  ["channel address changed", (doc, i) => void (doc.channels[`e${i}`]!.address += ".v2")],
  ["content type changed", (doc, i) => void (doc.components.messages[`e${i}`]!.contentType = "application/cloudevents+json")],
  ["operation direction changed", (doc, i) => void (doc.operations[`send${i}`]!.action = "receive")],
  ["null allowed", (doc, i) => void (doc.components.schemas[`E${i}Payload`]!.properties["id"] = { oneOf: [{ $ref: "./common.yaml#/Uuid" }, { type: "null" }] })],
];

/** Applies `count` changes to events spread over the catalog; returns the changed files and what changed. */
export function applyChanges(files: CatalogFiles, count = 50, perDocument = 50): { files: CatalogFiles; changes: AppliedChange[] } {
  const out: CatalogFiles = { ...files };
  const docs = new Map<string, Doc>();
  const changes: AppliedChange[] = [];
  const events = Object.keys(files).filter((f) => f.startsWith("domain-")).length * perDocument;
  const step = Math.floor(events / count);
  for (let n = 0; n < count; n++) {
    const i = n * step + (n % step); // spread, at varying offsets within each stretch
    const file = `domain-${String(Math.floor(i / perDocument)).padStart(2, "0")}.yaml`;
    let doc = docs.get(file);
    if (!doc) docs.set(file, (doc = parse(files[file]!) as Doc));
    const [kind, apply] = KINDS[n % KINDS.length]!;
    changes.push({ event: doc.components.messages[`e${i}`]!.name, index: i, kind });
    apply(doc, i);
  }
  for (const [file, doc] of docs) out[file] = stringify(doc);
  return { files: out, changes };
}
