/**
 * What generated code hands to the runtime: the catalog's events with their precompiled
 * validators and the settings the transports need. Built by `generated/index.ts`.
 */
import type { Validator } from "./validation.js";

/** Event name -> payload type, e.g. `{ "contact.created": ContactCreated }`. */
export type EventMapBase = { [name: string]: unknown };

/** Seed 002's priority levels, served strictly in this order where a transport supports it. */
export const PRIORITIES = ["critical", "high", "normal", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface EventDefinition<T = unknown> {
  name: string;
  version: string;
  /** Channel address as written in the catalog, e.g. `contact.created` or `tenant.{tenantId}.orders`. */
  address: string | null;
  validate: Validator<T>;
  validateHeaders?: Validator<unknown>;
  deprecated: boolean;
  priority: Priority;
  /** Events that may answer this one, when its operation declares a reply. */
  replies: readonly string[];
  /** Stream partitions of the event (the message's `x-eventsmith.partitions` / `.partitionKey`), where the catalog sets them. */
  partitioning?: { partitions?: number; partitionKey?: string };
}

export interface DeliveryDefaults {
  maxDeliver: number;
  backoffMs: readonly number[];
  ackTimeoutMs: number;
}

export interface CatalogDefinition<M extends EventMapBase = EventMapBase> {
  /** Catalog name (slug), used in each event's `dataschema`. */
  name: string;
  events: { readonly [K in keyof M & string]: EventDefinition<M[K]> };
  delivery: DeliveryDefaults;
  /** Transport settings from the catalog's `x-eventsmith.nats` / `.redis`, as written. */
  nats: Readonly<Record<string, unknown>>;
  redis: Readonly<Record<string, unknown>>;
}

/** Identity helper that keeps the event map's type information. */
export function defineCatalog<M extends EventMapBase>(catalog: CatalogDefinition<M>): CatalogDefinition<M> {
  return catalog;
}

/** An event as generated code writes it: only what differs from the defaults `defineEvent` fills in. */
export type EventDefinitionInput<T = unknown> = Pick<EventDefinition<T>, "name" | "version" | "address" | "validate"> &
  Partial<Pick<EventDefinition<T>, "validateHeaders" | "deprecated" | "priority" | "replies" | "partitioning">>;

/** One event's definition: not deprecated, priority `normal` and no replies unless given. */
export function defineEvent<T>(definition: EventDefinitionInput<T>): EventDefinition<T> {
  return { deprecated: false, priority: "normal", replies: [], ...definition };
}
