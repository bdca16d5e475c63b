/**
 * Hand-built CatalogIRs for the compat engine tests (the engine never needs YAML). Every schema
 * node gets its own location, numbered in document order, so tests can assert which node a
 * finding points at.
 */
import type { CatalogIR, ChannelIR, CompatMode, EventIR, JsonSchema, OperationIR, SchemaIR, SourceLocation } from "../../generator/ir/types.js";

export interface FixtureEvent {
  name?: string;
  payload: JsonSchema;
  headers?: JsonSchema;
  contentType?: string;
  deprecated?: boolean;
  channels?: string[];
  extensions?: Record<string, unknown>;
}

export interface FixtureCatalog {
  events: FixtureEvent[];
  schemas?: Record<string, JsonSchema>;
  channels?: Array<Partial<ChannelIR> & { id: string }>;
  operations?: Array<Partial<OperationIR> & { id: string; action: "send" | "receive"; events: string[] }>;
  mode?: CompatMode;
}

const at = (file: string, line: number, column = 1): SourceLocation => ({ file, line, column });

/** Locations for every schema node: line = 1 + position in a depth-first walk. */
export function locationsOf(schema: JsonSchema, file: string, firstLine = 1): Record<string, SourceLocation> {
  const out: Record<string, SourceLocation> = {};
  let line = firstLine;
  const walk = (node: unknown, pointer: string): void => {
    out[pointer] = at(file, line++, 1 + pointer.split("/").length - 1);
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (["properties", "patternProperties", "dependencies"].includes(key) && value && typeof value === "object") {
        for (const [name, sub] of Object.entries(value)) if (!Array.isArray(sub)) walk(sub, `${here}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      } else if (["allOf", "anyOf", "oneOf"].includes(key) || (key === "items" && Array.isArray(value))) {
        (value as unknown[]).forEach((sub, i) => walk(sub, `${here}/${i}`));
      } else if (["items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else"].includes(key)) {
        walk(value, here);
      }
    }
  };
  walk(schema, "");
  return out;
}

function schemaIR(schema: JsonSchema, file: string, firstLine: number): SchemaIR {
  return { schema, locations: locationsOf(schema, file, firstLine) };
}

export function catalogIR(fixture: FixtureCatalog): CatalogIR {
  const events: EventIR[] = fixture.events.map((e, i) => {
    const name = e.name ?? "contact.created";
    return {
      name,
      version: "1.0.0",
      contentType: e.contentType ?? "application/json",
      deprecated: e.deprecated ?? false,
      tags: [],
      owners: [],
      channels: e.channels ?? [],
      payload: schemaIR(e.payload, "events.yaml", 1000 * (i + 1)),
      ...(e.headers === undefined ? {} : { headers: schemaIR(e.headers, "events.yaml", 1000 * (i + 1) + 500) }),
      examples: [],
      producers: [],
      consumers: [],
      bindings: {},
      extensions: e.extensions ?? {},
      location: at("events.yaml", 1000 * (i + 1) - 1),
    };
  });
  const schemas = Object.fromEntries(
    Object.entries(fixture.schemas ?? {}).map(([name, schema], i) => [
      name,
      { name, source: `schemas.yaml#/${name}`, location: at("schemas.yaml", 100 * (i + 1)), ...schemaIR(schema, "schemas.yaml", 100 * (i + 1)) },
    ]),
  );
  const channels: ChannelIR[] = (fixture.channels ?? []).map((c, i) => ({
    address: c.id,
    parameters: [],
    servers: [],
    events: events.filter((e) => e.channels.includes(c.id)).map((e) => e.name),
    bindings: {},
    extensions: {},
    location: at("channels.yaml", 10 * (i + 1)),
    ...c,
  }) as ChannelIR);
  const operations: OperationIR[] = (fixture.operations ?? []).map((o, i) => ({
    service: "svc",
    channel: channels[0]?.id ?? "",
    tags: [],
    bindings: {},
    extensions: {},
    location: at("operations.yaml", 10 * (i + 1)),
    ...o,
  }));
  return {
    irVersion: 1,
    title: "fixture",
    settings: {
      naming: { pattern: ".*", pastTense: false, allow: [] },
      rules: {},
      compat: { mode: fixture.mode ?? "full" },
      delivery: { maxDeliver: 3, backoffMs: [], ackTimeoutMs: 1000 },
      nats: {},
      redis: {},
    },
    documents: [],
    servers: [],
    channels,
    events: events.sort((a, b) => (a.name < b.name ? -1 : 1)),
    operations,
    services: [],
    schemas,
  };
}

/** A one-event catalog around a payload schema (and named schemas it refers to). */
export function oneEvent(payload: JsonSchema, schemas?: Record<string, JsonSchema>): CatalogIR {
  return catalogIR({ events: [{ payload }], ...(schemas ? { schemas } : {}) });
}
