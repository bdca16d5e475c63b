/**
 * The inbox hook of a subscription (`subscribe(..., { inbox })`): the bus hands the handler's
 * work to the inbox, which runs it in a unit of work of its own (e.g. a database transaction)
 * together with a record of (group, event id), so a redelivered event has no second effect.
 * `eventsmith/postgres` provides `postgresInbox({ pool })`.
 */
import type { BusEvent } from "./bus-types.js";
import { InvalidOptionsError } from "./errors.js";

export interface Inbox<Tx = unknown> {
  /**
   * Runs `work` with a transaction for `event` on behalf of `group`, unless that group has
   * already processed the event (then resolves without calling it). Resolves once the record
   * and the work's writes are committed together; rejects, with both rolled back, when the
   * work throws (the bus then retries as usual).
   */
  run(group: string, event: BusEvent, work: (tx: Tx) => Promise<void>): Promise<void>;
}

/** The second argument of a handler: `tx` is the inbox's transaction, undefined without an inbox. */
export interface HandlerContext<Tx = undefined> {
  readonly tx: Tx;
}

/** The context of handlers of subscriptions without an inbox. */
export const NO_INBOX: HandlerContext = Object.freeze({ tx: undefined });

export function isInbox(value: unknown, path: string): void {
  if (typeof value !== "object" || value === null || typeof (value as Inbox).run !== "function") {
    throw new InvalidOptionsError(path, "must be an inbox, e.g. postgresInbox({ pool }) from eventsmith/postgres");
  }
}
