/**
 * What the outbox needs from a bus beyond the EventBus interface: building an envelope
 * without sending it, and sending stored envelopes with their ids (see Bus.prepare).
 */
import type { EventBus, EventName, PublishMeta } from "../bus/bus-types.js";
import type { EventMapBase } from "../bus/catalog.js";
import type { CloudEvent } from "../bus/envelope.js";
import { InvalidOptionsError } from "../bus/errors.js";

export interface PreparedBus<M extends EventMapBase> extends EventBus<M> {
  prepare<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): CloudEvent<N, M[N]>;
  publishPrepared(events: readonly CloudEvent[]): Promise<void>;
}

export function preparedBus<M extends EventMapBase>(bus: EventBus<M>, path: string): PreparedBus<M> {
  const candidate = bus as Partial<PreparedBus<M>>;
  if (typeof candidate !== "object" || candidate === null || typeof candidate.prepare !== "function" || typeof candidate.publishPrepared !== "function") {
    throw new InvalidOptionsError(path, "must be an event bus made by createEventBus() / createBus()");
  }
  return bus as PreparedBus<M>;
}
