/**
 * Turns `publish(name, data, meta)` into validated envelopes. This is the publish hot
 * path: one map lookup, the precompiled validator, one id, a cached timestamp and one
 * object; the correlation context comes from the handler being run, if any.
 */
import { BusEnvelope } from "./bus-envelope.js";
import type { EventCounters, PublishMeta } from "./bus-types.js";
import type { CatalogDefinition, EventDefinition } from "./catalog.js";
import { isoTime } from "./clock.js";
import { handlingContext } from "./context.js";
import { InvalidOptionsError, UnknownEventError, type PublishViolation } from "./errors.js";
import { lastIdSequence, newId } from "./ids.js";
import { checkPublishMeta } from "./options.js";
import { toIssues } from "./validation.js";

export interface EventEntry {
  /** The catalog key (the event name). */
  name: string;
  definition: EventDefinition;
  /** `<catalog>/<event>/<version>`. */
  dataschema: string;
  counters: EventCounters;
}

export function catalogEntries(catalog: CatalogDefinition): Map<string, EventEntry> {
  if (typeof catalog !== "object" || catalog === null || typeof catalog.events !== "object" || catalog.events === null) {
    throw new InvalidOptionsError("catalog", "must be a catalog made with defineCatalog({ name, events, delivery, ... })");
  }
  const entries = new Map<string, EventEntry>();
  for (const [name, definition] of Object.entries(catalog.events)) {
    if (typeof definition?.validate !== "function") {
      throw new InvalidOptionsError(`catalog.events["${name}"].validate`, "must be a precompiled validator function");
    }
    entries.set(name, {
      name,
      definition,
      dataschema: `${catalog.name}/${name}/${definition.version}`,
      counters: { published: 0, rejected: 0 },
    });
  }
  return entries;
}

export class Publisher {
  readonly names: readonly string[];

  constructor(
    readonly entries: ReadonlyMap<string, EventEntry>,
    private readonly source: string,
  ) {
    this.names = [...entries.keys()].sort();
  }

  entry(name: string): EventEntry {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new UnknownEventError(name, this.names);
    return entry;
  }

  /**
   * Validates `data` and builds its envelope, or returns the violation (counted as rejected).
   * `index` is the position in a `publishMany` batch, or -1 for `publish`.
   */
  build(entry: EventEntry, data: unknown, meta: PublishMeta | undefined, index: number): BusEnvelope | PublishViolation {
    const validate = entry.definition.validate;
    if (!validate(data)) {
      entry.counters.rejected++;
      return { index: Math.max(index, 0), event: entry.name, issues: toIssues(validate.errors) };
    }
    const parent = handlingContext.getStore();
    const now = Date.now();
    if (meta === undefined) {
      const id = newId(now);
      const envelope = new BusEnvelope(id, this.source, entry.name, isoTime(now), entry.dataschema, parent?.correlationid ?? id, data, validate, lastIdSequence());
      if (parent !== undefined) inherit(envelope, parent.id, parent.tenantid, parent.traceparent);
      return envelope;
    }
    checkPublishMeta(meta, index < 0 ? "meta" : `items[${index}].meta`);
    const id = meta.id ?? newId(now);
    const correlationId = meta.correlationId ?? parent?.correlationid ?? id;
    const envelope = new BusEnvelope(id, this.source, entry.name, isoTime(now), entry.dataschema, correlationId, data, validate, meta.id === undefined ? lastIdSequence() : -1);
    inherit(envelope, meta.causationId ?? parent?.id, meta.tenantId ?? parent?.tenantid, meta.traceparent ?? parent?.traceparent);
    return envelope;
  }
}

function inherit(envelope: BusEnvelope, causationId: string | undefined, tenantId: string | undefined, traceparent: string | undefined): void {
  if (tenantId !== undefined) envelope.tenantid = tenantId;
  if (causationId !== undefined) envelope.causationid = causationId;
  if (traceparent !== undefined) envelope.traceparent = traceparent;
}
