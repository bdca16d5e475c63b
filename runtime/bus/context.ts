/**
 * The event a handler is working on, carried through its async calls, so that events it
 * publishes inherit the correlation id and get the incoming event as causation without
 * the handler passing anything.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { CloudEvent } from "./envelope.js";

export const handlingContext = new AsyncLocalStorage<CloudEvent>();

/** The event being handled by the current async context, if any. */
export function currentEvent(): CloudEvent | undefined {
  return handlingContext.getStore();
}
