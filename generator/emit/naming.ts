/**
 * TypeScript names for everything the SDK exports, assigned once for the whole catalog so
 * every emitter (types, validators, sdk, docs) agrees. Names never depend on discovery order:
 * events and schemas are named in sorted order, clashes get a numeric suffix.
 */
import { defName } from "../ir/standalone-schema.js";
import type { CatalogIR, EventIR } from "../ir/types.js";

export interface Names {
  /** Payload type of an event: `contact.created` -> `ContactCreated`. */
  eventType(event: string): string;
  /** Type of a named schema: `commentLikedPayload` -> `CommentLikedPayload`. */
  schemaType(schema: string): string;
  /** Headers type of an event that has a headers schema. */
  headersType(event: string): string;
  /** kebab-case file name (no extension) for per-event modules: `contact-created`. */
  eventFile(event: string): string;
  /** Address builder of a channel: `contactCreatedAddress`. */
  channelFunction(channel: string): string;
  /** An event's runtime definition in `events.ts`: `contactCreatedEvent`. */
  eventDefinition(event: string): string;
  /** kebab-case file name (no extension) of a service's entry point: `ContactsService` -> `contacts-service`. */
  serviceFile(service: string): string;
}

/** Names the generated code itself declares, and global types it must not shadow. */
const RESERVED = new Set([
  "EventMap", "EventName", "EventHeadersMap", "EVENT_NAMES", "EVENT_VERSIONS", "EventBus", "BusOptions", "Validator",
  "Array", "Boolean", "Date", "Error", "Function", "Map", "Number", "Object", "Partial", "Promise", "Readonly",
  "ReadonlyArray", "Record", "RegExp", "Set", "String", "Symbol", "Uint8Array", "JSON", "Math", "Required", "Pick", "Omit",
]);

export function assignNames(ir: CatalogIR): Names {
  const taken = new Set(RESERVED);
  const claim = (wanted: string) => {
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
    taken.add(name);
    return name;
  };

  const events = new Map<string, string>();
  const schemas = new Map<string, string>();
  // A payload that is exactly a named schema of the event's own name is that schema: one type.
  for (const event of ir.events) {
    const def = defName(payloadRef(event));
    if (def !== undefined && pascal(def) === pascal(event.name) && !schemas.has(def)) {
      const name = claim(pascal(event.name));
      schemas.set(def, name);
      events.set(event.name, name);
    }
  }
  for (const event of ir.events) if (!events.has(event.name)) events.set(event.name, claim(pascal(event.name)));
  for (const name of Object.keys(ir.schemas)) if (!schemas.has(name)) schemas.set(name, claim(pascal(name)));
  const headers = new Map<string, string>();
  for (const event of ir.events) if (event.headers) headers.set(event.name, claim(`${events.get(event.name)}Headers`));

  const files = new Map<string, string>();
  const takenFiles = new Set<string>();
  for (const event of ir.events) {
    // a file name has a length limit (255 bytes on most file systems); a longer name gets a numbered prefix
    const base = kebab(events.get(event.name)!).slice(0, 100);
    let file = base;
    for (let n = 2; takenFiles.has(file); n++) file = `${base}-${n}`;
    takenFiles.add(file);
    files.set(event.name, file);
  }
  const definitions = new Map<string, string>();
  for (const event of ir.events) definitions.set(event.name, claim(`${camel(event.name)}Event`));
  const services = new Map<string, string>();
  const takenServiceFiles = new Set<string>();
  for (const service of ir.services) {
    const base = kebab(pascal(service.name)).slice(0, 100); // the file name limit, as for events
    let file = base;
    for (let n = 2; takenServiceFiles.has(file); n++) file = `${base}-${n}`;
    takenServiceFiles.add(file);
    services.set(service.name, file);
  }
  const channels = new Map<string, string>();
  for (const channel of ir.channels) channels.set(channel.id, claim(`${camel(channel.name)}Address`));

  const get = (map: Map<string, string>, kind: string) => (key: string) => {
    const name = map.get(key);
    if (name === undefined) throw new Error(`no ${kind} named ${key}`);
    return name;
  };
  return {
    eventType: get(events, "event"),
    schemaType: get(schemas, "schema"),
    headersType: get(headers, "headers schema"),
    eventFile: get(files, "event"),
    channelFunction: get(channels, "channel"),
    eventDefinition: get(definitions, "event"),
    serviceFile: get(services, "service"),
  };
}

/** The `$ref` when an event's payload is nothing but a reference to a named schema. */
export function payloadRef(event: EventIR): unknown {
  const schema = event.payload.schema;
  return typeof schema === "object" && Object.keys(schema).length === 1 ? schema["$ref"] : undefined;
}

/** The catalog's name as the runtime knows it: part of the transports' address contract. */
export { catalogSlug } from "../../runtime/transports/addresses.js";

/** `workflow.run.goal_reached` -> `WorkflowRunGoalReached`; `lightMeasured` -> `LightMeasured`. */
export function pascal(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
  if (name === "") return "Unnamed";
  return /^[0-9]/.test(name) ? `T${name}` : name;
}

export function camel(text: string): string {
  const name = pascal(text);
  return /^[A-Z]+$/.test(name) ? name.toLowerCase() : name.charAt(0).toLowerCase() + name.slice(1);
}

/** `ContactCreated` -> `contact-created`. */
export function kebab(typeName: string): string {
  return typeName
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}
