/**
 * Everything the docs say about a catalog, computed once from the IR and rendered twice: as
 * Markdown (`generated/docs/`) and as the static site. Pages, anchors and ordering are decided
 * here, so both renderings have the same content and the same stable names.
 */
import type { CatalogIR, ChannelIR, EventIR, JsonSchema, OperationIR, ServiceIR } from "../../ir/types.js";
import type { EmitMemo } from "../emit-memo.js";
import type { Names } from "../naming.js";
import type { ExampleVerdicts } from "../validators/example-verdicts.js";
import type { ValidatorCache } from "../validators/validator-cache.js";
import { validatorJob } from "../validators/validator-jobs.js";
import { eventExamples, type ExampleDoc } from "./event-examples.js";
import { ExampleChecker } from "./example-checker.js";
import { schemaFields, type FieldRow } from "./schema-fields.js";
import { uniqueSlugs } from "./slugs.js";
import { transportAddresses } from "./transport-addresses.js";

export interface DocsModel {
  /** The catalog the model describes (named schemas for the schema explorer). */
  ir: CatalogIR;
  title: string;
  description?: string;
  /** The JetStream stream holding every event (catalog settings). */
  natsStream: string;
  events: EventDoc[];
  services: ServiceDoc[];
  owners: OwnerDoc[];
  event(name: string): EventDoc;
  service(name: string): ServiceDoc;
  owner(name: string): OwnerDoc;
}

export interface EventDoc {
  event: EventIR;
  /** File name (no extension) of its page: the SDK's kebab-case name, `contact-created`. */
  slug: string;
  typeName: string;
  headersTypeName?: string;
  channels: ChannelIR[];
  payload: FieldRow[];
  headers?: FieldRow[];
  examples: ExampleDoc[];
  producers: Endpoint[];
  consumers: Endpoint[];
  natsSubject: string;
  natsDeadLetterSubject: string;
  redisStream: string;
}

/** A service on one side of an event, with the operations that put it there. */
export interface Endpoint {
  service: string;
  operations: string[];
}

export interface ServiceDoc {
  service: ServiceIR;
  slug: string;
  /** Owners of the service and of the events it publishes, sorted. */
  owners: string[];
}

export interface OwnerDoc {
  name: string;
  slug: string;
  events: string[];
  services: string[];
}

export interface DocsOptions {
  /**
   * Compiled validator modules by schema hash, shared with the validator emitter: examples are
   * checked by the validators the SDK ships, and with a warm cache nothing is compiled twice.
   */
  cache?: ValidatorCache;
  /** Example verdicts codegen already found: examples known valid are not run again. */
  verdicts?: ExampleVerdicts;
  /** Field rows kept between builds (a `--watch` session), by the event's validator hash (its schemas, standalone). */
  memo?: EmitMemo;
}

/**
 * The field rows of an event's payload (and headers). They depend only on its schemas and the
 * named schemas those reach, which is what its validator hash covers: `memo` keeps them by it.
 */
export function eventFieldRows(ir: CatalogIR, event: EventIR, memo?: EmitMemo): Pick<EventDoc, "payload" | "headers"> {
  const hash = validatorJob(ir, event.name)?.hash;
  const rows = (schema: JsonSchema, part: "payload" | "headers") =>
    memo && hash ? memo.remember(`docs-fields ${hash} ${part}`, () => schemaFields(ir, schema, part)) : schemaFields(ir, schema, part);
  return event.headers ? { payload: rows(event.payload.schema, "payload"), headers: rows(event.headers.schema, "headers") } : { payload: rows(event.payload.schema, "payload") };
}

export function buildDocsModel(ir: CatalogIR, names: Names, options: DocsOptions = {}): DocsModel {
  const checker = new ExampleChecker(ir, options.cache, options.verdicts);
  const addresses = transportAddresses(ir);
  const channels = new Map(ir.channels.map((c) => [c.id, c]));
  const operations = new Map<string, OperationIR[]>();
  for (const op of ir.operations) {
    const key = `${op.action} ${op.service}`;
    let list = operations.get(key);
    if (!list) operations.set(key, (list = []));
    list.push(op);
  }
  const endpoints = (event: EventIR, action: "send" | "receive", services: string[]): Endpoint[] =>
    services.map((service) => ({
      service,
      operations: (operations.get(`${action} ${service}`) ?? []).filter((op) => op.events.includes(event.name)).map((op) => op.id).sort(),
    }));

  const events = ir.events.map((event): EventDoc => {
    const rows = eventFieldRows(ir, event, options.memo);
    return {
      event,
      slug: names.eventFile(event.name),
      typeName: names.eventType(event.name),
      ...(event.headers ? { headersTypeName: names.headersType(event.name), headers: rows.headers! } : {}),
      channels: event.channels.map((id) => channels.get(id)).filter((c): c is ChannelIR => c !== undefined),
      payload: rows.payload,
      examples: eventExamples(ir, event, checker),
      producers: endpoints(event, "send", event.producers),
      consumers: endpoints(event, "receive", event.consumers),
      natsSubject: addresses.natsSubject(event.name),
      natsDeadLetterSubject: addresses.natsDeadLetterSubject(event.name),
      redisStream: addresses.redisStream(event.name),
    };
  });

  const services = new Map(ir.services.map((s) => [s.name, s]));
  // an event may name a service no operation defines (nothing to describe, but still a page)
  for (const event of ir.events) {
    for (const name of [...event.producers, ...event.consumers]) {
      if (!services.has(name)) services.set(name, { name, owners: [], sends: [], receives: [], location: event.location });
    }
  }
  const serviceSlugs = uniqueSlugs(services.keys());
  const serviceDocs = [...services.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((service): ServiceDoc => ({ service, slug: serviceSlugs.get(service.name)!, owners: [...service.owners].sort() }));

  const owned = new Map<string, { events: Set<string>; services: Set<string> }>();
  const own = (owner: string) => owned.get(owner) ?? owned.set(owner, { events: new Set(), services: new Set() }).get(owner)!;
  for (const event of ir.events) for (const owner of event.owners) own(owner).events.add(event.name);
  for (const service of services.values()) for (const owner of service.owners) own(owner).services.add(service.name);
  const ownerSlugs = uniqueSlugs(owned.keys());
  const owners = [...owned.keys()].sort().map((name): OwnerDoc => ({
    name,
    slug: ownerSlugs.get(name)!,
    events: [...owned.get(name)!.events].sort(),
    services: [...owned.get(name)!.services].sort(),
  }));

  const lookup = <T>(list: T[], key: (item: T) => string, kind: string) => {
    const map = new Map(list.map((item) => [key(item), item]));
    return (name: string): T => {
      const found = map.get(name);
      if (found === undefined) throw new Error(`docs: no ${kind} named ${JSON.stringify(name)}`);
      return found;
    };
  };
  // the catalog's own description: the document that gave the catalog its title
  const description = (ir.documents.find((d) => d.title === ir.title) ?? (ir.documents.length === 1 ? ir.documents[0] : undefined))?.description;
  return {
    ir,
    title: ir.title,
    ...(description !== undefined ? { description } : {}),
    natsStream: addresses.natsStream,
    events,
    services: serviceDocs,
    owners,
    event: lookup(events, (e) => e.event.name, "event"),
    service: lookup(serviceDocs, (s) => s.service.name, "service"),
    owner: lookup(owners, (o) => o.name, "owner"),
  };
}
