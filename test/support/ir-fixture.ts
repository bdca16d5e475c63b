/** Small CatalogIRs for emitter tests: events and named schemas, everything else defaulted. */
import { defaultSettings } from "../../generator/ir/settings.js";
import { IR_VERSION, type CatalogIR, type EventIR, type JsonSchema } from "../../generator/ir/types.js";

const at = { file: "catalog.yaml", line: 1, column: 1 };

export function irWith(spec: { events: Record<string, JsonSchema>; schemas?: Record<string, JsonSchema>; event?: Partial<EventIR> }): CatalogIR {
  const events = Object.keys(spec.events)
    .sort()
    .map((name): EventIR => ({
      name,
      version: "1.0",
      contentType: "application/json",
      deprecated: false,
      tags: [],
      owners: [],
      channels: [name],
      payload: { schema: spec.events[name]!, locations: { "": at } },
      examples: [],
      producers: [],
      consumers: [],
      bindings: {},
      extensions: {},
      location: at,
      ...spec.event,
    }));
  return {
    irVersion: IR_VERSION,
    title: "fixture",
    settings: defaultSettings(),
    documents: [],
    servers: [],
    channels: events.map((e) => ({
      id: e.name,
      name: e.name,
      address: e.name,
      parameters: [],
      servers: [],
      events: [e.name],
      bindings: {},
      extensions: {},
      location: at,
    })),
    events,
    operations: [],
    services: [],
    schemas: Object.fromEntries(
      Object.entries(spec.schemas ?? {}).map(([name, schema]) => [name, { name, source: `catalog.yaml#/components/schemas/${name}`, schema, locations: {}, location: at }]),
    ),
  };
}
