/**
 * Realistic synthetic catalogs for benchmarks: N events of 10-20 fields with nesting, enums,
 * formats, arrays and shared components, split into one AsyncAPI 3 document per domain of 50
 * events plus a shared `common.yaml`, every event with a valid example; no diagnostics, not
 * even warnings (as a maintained catalog). Deterministic per seed.
 *
 *   const files = syntheticCatalog({ events: 500 });   // { "common.yaml": "...", "domain-00.yaml": "..." }
 *   writeCatalog(dir, files);
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

export interface SyntheticOptions {
  events: number;
  seed?: number;
  /** Events per document (domain). */
  perDocument?: number;
}

export type CatalogFiles = Record<string, string>;

const ENTITIES = ["order", "invoice", "customer", "shipment", "payment", "ticket", "account", "device", "session", "report"];
const ACTIONS = ["created", "updated", "deleted", "approved", "rejected", "archived", "restored", "assigned", "closed", "opened"];
const STATUSES = ["pending", "active", "suspended", "closed", "failed"];
const COMMON = {
  Uuid: { type: "string", format: "uuid", description: "A UUID." },
  Email: { type: "string", format: "email", maxLength: 254 },
  Timestamp: { type: "string", format: "date-time", description: "RFC 3339 timestamp." },
  Money: {
    type: "object",
    additionalProperties: false,
    required: ["amount", "currency"],
    properties: { amount: { type: "number", minimum: 0, multipleOf: 0.01 }, currency: { type: "string", pattern: "^[A-Z]{3}$" } },
  },
  Address: {
    type: "object",
    additionalProperties: false,
    required: ["line1", "city", "country"],
    properties: {
      line1: { type: "string", minLength: 1, maxLength: 200 },
      line2: { type: "string", maxLength: 200 },
      city: { type: "string", minLength: 1 },
      postalCode: { type: "string", maxLength: 16 },
      country: { type: "string", pattern: "^[A-Z]{2}$" },
    },
  },
  Actor: {
    type: "object",
    required: ["id", "kind"],
    properties: { id: { $ref: "#/Uuid" }, kind: { type: "string", enum: ["user", "service", "system"] }, email: { $ref: "#/Email" } },
  },
};

/** Written out as a person writes a catalog: a shared list (STATUSES) repeated, not as YAML anchors and aliases. */
const PLAIN = { aliasDuplicateObjects: false } as const;

export function syntheticCatalog(options: SyntheticOptions): CatalogFiles {
  const random = mulberry32(options.seed ?? 42);
  const perDocument = options.perDocument ?? 50;
  const files: CatalogFiles = { "common.yaml": stringify(COMMON, PLAIN) };
  for (let start = 0, doc = 0; start < options.events; start += perDocument, doc++) {
    const name = `domain-${String(doc).padStart(2, "0")}`;
    const channels: Record<string, unknown> = {};
    const operations: Record<string, unknown> = {};
    const messages: Record<string, unknown> = {};
    const schemas: Record<string, unknown> = {};
    for (let i = start; i < Math.min(options.events, start + perDocument); i++) {
      // unique through the entity (`order17`), so the action stays a past-tense verb: no naming warnings
      const event = `${name}.${ENTITIES[i % ENTITIES.length]}${i}.${ACTIONS[Math.floor(i / ENTITIES.length) % ACTIONS.length]}`;
      const key = `e${i}`;
      const { schema, example } = payload(random, i);
      schemas[`E${i}Payload`] = schema;
      messages[key] = {
        name: event,
        title: `Event ${i}`,
        summary: `Synthetic event ${i}.`,
        description: `Published when synthetic thing ${i} happens; consumers update their projections.`,
        contentType: "application/json",
        payload: { $ref: `#/components/schemas/E${i}Payload` },
        examples: [{ name: "example", payload: example }],
      };
      channels[key] = { address: event, description: `Channel of ${event}.`, messages: { [key]: { $ref: `#/components/messages/${key}` } } };
      operations[`send${i}`] = { action: "send", "x-service": `${name}-service`, channel: { $ref: `#/channels/${key}` }, description: "Publishes it." };
      operations[`receive${i}`] = { action: "receive", "x-service": `consumer-${i % 7}`, channel: { $ref: `#/channels/${key}` }, description: "Consumes it." };
    }
    files[`${name}.yaml`] = stringify({
      asyncapi: "3.0.0",
      info: { title: `Synthetic ${name}`, version: "1.0.0", description: "A synthetic domain for benchmarks." },
      channels,
      operations,
      components: { messages, schemas },
    }, PLAIN);
  }
  return files;
}

export function writeCatalog(dir: string, files: CatalogFiles): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** 10-20 fields: ids, formats, enums, numbers with bounds, a nested object, arrays, shared refs. */
function payload(random: () => number, i: number): { schema: object; example: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  const example: Record<string, unknown> = {};
  const required: string[] = [];
  const add = (name: string, schema: unknown, value: unknown, mandatory = random() < 0.6) => {
    properties[name] = schema;
    example[name] = value;
    if (mandatory) required.push(name);
  };
  add("id", { $ref: "./common.yaml#/Uuid" }, uuid(i), true);
  add("occurredAt", { $ref: "./common.yaml#/Timestamp" }, "2026-01-27T10:00:00.000Z", true);
  add("actor", { $ref: "./common.yaml#/Actor" }, { id: uuid(i + 1), kind: "user" });
  add("status", { type: "string", enum: STATUSES, description: "Lifecycle status." }, STATUSES[i % STATUSES.length]);
  const fields = 10 + Math.floor(random() * 11) - 4; // plus the four above: 10-20
  for (let f = 0; f < fields; f++) {
    switch (Math.floor(random() * 8)) {
      case 0:
        add(`email${f}`, { $ref: "./common.yaml#/Email" }, `user${f}@example.com`);
        break;
      case 1:
        add(`amount${f}`, { $ref: "./common.yaml#/Money" }, { amount: 12.5, currency: "EUR" });
        break;
      case 2:
        add(`count${f}`, { type: "integer", minimum: 0, maximum: 1_000_000 }, f * 3);
        break;
      case 3:
        add(`score${f}`, { type: "number", minimum: 0, maximum: 1, description: "Model confidence." }, 0.87);
        break;
      case 4:
        add(`tags${f}`, { type: "array", items: { type: "string", minLength: 1 }, maxItems: 20, uniqueItems: true }, ["a", "b"]);
        break;
      case 5:
        add(
          `detail${f}`,
          {
            type: "object",
            additionalProperties: false,
            required: ["code"],
            properties: { code: { type: "string", pattern: "^[A-Z]{2,5}-\\d+$" }, note: { type: "string", maxLength: 500 }, at: { $ref: "./common.yaml#/Timestamp" } },
          },
          { code: "AB-12", note: "ok" },
        );
        break;
      case 6:
        add(`shipTo${f}`, { $ref: "./common.yaml#/Address" }, { line1: "1 Main St", city: "Lisbon", country: "PT" });
        break;
      default:
        add(`url${f}`, { type: "string", format: "uri" }, "https://example.com/x");
    }
  }
  return { schema: { type: "object", additionalProperties: false, required, properties }, example };
}

function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, "0").slice(-12);
  return `550e8400-e29b-41d4-a716-${hex}`;
}

/** A small seeded PRNG (mulberry32): the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
