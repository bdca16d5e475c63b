/**
 * What the outbox and the audit need from a bus beyond the EventBus interface: building an
 * envelope without sending it, sending stored envelopes with their ids (see Bus.prepare), and
 * attaching an instrumentation to the running bus (see Bus.instrument).
 */
import type { EventBus, EventName, PublishMeta } from "../bus/bus-types.js";
import type { EventMapBase } from "../bus/catalog.js";
import type { CloudEvent } from "../bus/envelope.js";
import { InvalidOptionsError } from "../bus/errors.js";
import type { Instrumentation } from "../bus/instrumentation.js";

export interface PreparedBus<M extends EventMapBase> extends EventBus<M> {
  prepare<N extends EventName<M>>(name: N, data: M[N], meta?: PublishMeta): CloudEvent<N, M[N]>;
  publishPrepared(events: readonly CloudEvent[]): Promise<void>;
  instrument(item: Instrumentation): void;
}

export function preparedBus<M extends EventMapBase>(bus: EventBus<M>, path: string): PreparedBus<M> {
  const candidate = bus as Partial<PreparedBus<M>>;
  if (typeof candidate !== "object" || candidate === null || typeof candidate.prepare !== "function" || typeof candidate.publishPrepared !== "function" || typeof candidate.instrument !== "function") {
    throw new InvalidOptionsError(path, "must be an event bus made by createEventBus() / createBus()");
  }
  return bus as PreparedBus<M>;
}
