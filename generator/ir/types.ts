/**
 * CatalogIR: the one intermediate model. Built from AsyncAPI 2.6 / 3.x documents by
 * `ir/build-ir.ts`; everything after that (emitters, compat, docs) reads only this.
 *
 * Rules of the model:
 * - Plain JSON data (it is dumped as `generated/catalog.json`), sorted, no absolute paths.
 * - Every node carries `location`, pointing at the YAML that defined it.
 * - Schemas are resolved: no `$ref` to files or to the AsyncAPI document remains. Named
 *   subschemas (component schemas, and any schema reached through a `$ref`) are kept by
 *   name in `CatalogIR.schemas` and referenced as `{ "$ref": "#/$defs/<Name>" }`, which
 *   keeps recursive schemas finite and shared components shared.
 */
import type { DiagnosticCode, SourceLocation } from "../diagnostics.js";

export type { SourceLocation };

/** A JSON Schema (draft-07 dialect, as used by AsyncAPI schema objects). */
export type JsonSchema = boolean | JsonSchemaObject;
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}

export const IR_VERSION = 1;

export interface CatalogIR {
  irVersion: typeof IR_VERSION;
  /** Title of the catalog: `x-eventsmith.title`, else the first document's `info.title`. */
  title: string;
  settings: CatalogSettings;
  documents: DocumentIR[];
  servers: ServerIR[];
  channels: ChannelIR[];
  /** Sorted by name. */
  events: EventIR[];
  operations: OperationIR[];
  services: ServiceIR[];
  /** Named schemas by unique name (see module comment). Keys sorted. */
  schemas: Record<string, NamedSchemaIR>;
}

/**
 * Catalog-wide settings from `info.x-eventsmith` (merged across documents). Everything is
 * optional in YAML; the builder fills defaults so consumers never guess.
 */
export interface CatalogSettings {
  naming: NamingSettings;
  /** Severity overrides per diagnostic code, e.g. `{ "description-missing": "error" }`. */
  rules: Partial<Record<DiagnosticCode, "off" | "warning" | "error">>;
  compat: { mode: CompatMode };
  /** Delivery defaults for subscriptions (seed 001: maxDeliver 3, backoff [1s, 5s, 30s]). */
  delivery: { maxDeliver: number; backoffMs: number[]; ackTimeoutMs: number };
  /** Transport settings passed through to the generated SDK as given (validated by check). */
  nats: Record<string, unknown>;
  redis: Record<string, unknown>;
  /** Alert thresholds from `x-eventsmith.alerts`, defaults filled; absent when the catalog sets none (see `alertSettings`). */
  alerts?: AlertSettings;
}

/** The generated Prometheus alerts (seed 001's), each tunable or `false` to leave it out. */
export interface AlertSettings {
  /** Deliveries waiting for a consumer group (eventsmith_consumer_pending). */
  consumerLag: AlertRule | false;
  /** Dead letters per second, over 5 minutes. */
  deadLetters: AlertRule | false;
  /** Share (0..1) of handlings that failed (retried or dead-lettered), over 5 minutes. */
  handlerErrors: AlertRule | false;
  /** Publish errors per second, over 5 minutes. */
  publishErrors: AlertRule | false;
}

export interface AlertRule {
  /** The alert fires above this value. */
  threshold: number;
  /** How long it must hold first: a Prometheus duration such as `5m`. */
  for: string;
  severity: "info" | "warning" | "critical";
}

export type CompatMode = "backward" | "forward" | "full" | "none";

export interface NamingSettings {
  /** Regular expression an event name must match (default: lower-case dotted, 2+ segments). */
  pattern: string;
  /** The last segment must read as past tense (`created`, `sent`, `goal_reached`). */
  pastTense: boolean;
  /** Event names exempt from the convention (legacy names kept for compatibility). */
  allow: string[];
}

export interface DocumentIR {
  file: string;
  /** The `asyncapi` field as written, e.g. "2.6.0", "3.0.0". */
  asyncapi: string;
  title: string;
  version: string;
  description?: string;
  defaultContentType?: string;
  extensions: Record<string, unknown>;
  location: SourceLocation;
}

export interface ServerIR {
  /** Key under `servers` (unique across documents; collisions are qualified by document). */
  id: string;
  host: string;
  protocol: string;
  pathname?: string;
  description?: string;
  bindings: Record<string, unknown>;
  location: SourceLocation;
}

export interface ChannelIR {
  /** The address when it has one (channels from different documents with one address are one channel), else `<document>#<key>`. */
  id: string;
  /** Its key under `channels` in the first document that defines it (3.x), or its address (2.x). */
  name: string;
  address: string | null;
  title?: string;
  description?: string;
  parameters: ParameterIR[];
  servers: string[];
  /** Names of the events carried on this channel, sorted. */
  events: string[];
  bindings: Record<string, unknown>;
  extensions: Record<string, unknown>;
  location: SourceLocation;
}

export interface ParameterIR {
  /** The `{name}` in the address. */
  name: string;
  description?: string;
  enum?: string[];
  default?: string;
  examples?: string[];
  /** AsyncAPI 2.x parameter schema, or `{ type: "string", enum? }` built from a 3.x parameter. */
  schema: JsonSchema;
  location: SourceLocation;
}

export interface EventIR {
  /** The event type, e.g. `contact.created`: message `name`, else its component key, else its message id. */
  name: string;
  /** Schema version of the event: message `x-version`, else the document's `info.version`. */
  version: string;
  title?: string;
  summary?: string;
  description?: string;
  contentType: string;
  deprecated: boolean;
  tags: string[];
  owners: string[];
  /** Channel ids, sorted; the event's address is that of `channels[0]`. */
  channels: string[];
  payload: SchemaIR;
  headers?: SchemaIR;
  examples: ExampleIR[];
  /** Services that send / receive this event, sorted. */
  producers: string[];
  consumers: string[];
  bindings: Record<string, unknown>;
  /** `x-*` fields of the message, e.g. `x-priority`, `x-compat-mode`. */
  extensions: Record<string, unknown>;
  /** The message's `x-eventsmith.partitions` / `.partitionKey` (Redis stream partitions), as written, where it sets them. */
  partitioning?: PartitioningIR;
  location: SourceLocation;
}

export interface PartitioningIR {
  partitions?: unknown;
  partitionKey?: unknown;
  /** Where each setting is written. */
  locations: { partitions?: SourceLocation; partitionKey?: SourceLocation };
}

export interface SchemaIR {
  schema: JsonSchema;
  /** Location of each schema node, keyed by JSON Pointer into `schema` ("" is the root). */
  locations: Record<string, SourceLocation>;
}

export interface NamedSchemaIR extends SchemaIR {
  name: string;
  /** Where it was defined, e.g. `common/schemas.yaml#/Address` (file relative to the catalog root). */
  source: string;
  location: SourceLocation;
}

export interface ExampleIR {
  name?: string;
  summary?: string;
  payload?: unknown;
  headers?: unknown;
  location: SourceLocation;
}

export interface OperationIR {
  /** Operation key (3.x) or `operationId` / a derived id (2.x); unique across the catalog. */
  id: string;
  /** From the point of view of `service`: it sends (produces) or receives (consumes). */
  action: "send" | "receive";
  service: string;
  channel: string;
  /** Event names this operation carries, sorted. */
  events: string[];
  title?: string;
  summary?: string;
  description?: string;
  reply?: ReplyIR;
  tags: string[];
  bindings: Record<string, unknown>;
  extensions: Record<string, unknown>;
  location: SourceLocation;
}

export interface ReplyIR {
  channel?: string;
  /** Event names that may come back as the reply. */
  events: string[];
  location: SourceLocation;
}

export interface ServiceIR {
  /** Operation `x-service`, else the document's `info.x-service`, else `info.title`. */
  name: string;
  description?: string;
  owners: string[];
  sends: string[];
  receives: string[];
  location: SourceLocation;
}
