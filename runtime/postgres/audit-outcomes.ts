/**
 * The audit trail's view of every subscription: an Instrumentation whose handle hook records each
 * group's outcome (processed, or the error) once the bus has settled a delivery, whatever the
 * subscription (an inbox subscription records its success in its own transaction too; the upsert
 * makes the second write a no-op in effect). Filtered deliveries were never handled: not recorded.
 */
import type { HandleObserver, HandleOutcome, Instrumentation } from "../bus/instrumentation.js";
import { ReceivedEvent } from "../bus/received-event.js";
import type { Delivery, Logger } from "../bus/transport.js";

/** Writes one group's outcome (`error` undefined: processed). */
export type RecordOutcome = (group: string, event: ReceivedEvent, error: unknown) => Promise<void>;

export function auditOutcomes(record: RecordOutcome, ownGroup: string): Instrumentation {
  return {
    attach: (bus) => ({
      // the audit's own recording subscription is no handler of the event
      handle: (delivery, subscription) => (subscription.group === ownGroup ? undefined : new OutcomeWrite(record, delivery, subscription.group, bus.logger)),
    }),
  };
}

class OutcomeWrite implements HandleObserver {
  constructor(
    private readonly record: RecordOutcome,
    private readonly delivery: Delivery,
    private readonly group: string,
    private readonly logger: Logger,
  ) {}

  run<A extends unknown[], T>(handler: (...args: A) => T, ...args: A): T {
    return handler(...args);
  }

  settled(outcome: HandleOutcome, error?: unknown): void {
    if (outcome.kind === "filtered") return;
    // a delivery refused before its handler ran (invalid, unknown) has no thrown error, only the dead letter's reason
    const failure = outcome.kind === "ack" ? undefined : (error ?? (outcome.kind === "dead-letter" ? outcome.error.message : "failed"));
    const { delivery, group } = this;
    this.record(group, new ReceivedEvent(delivery.event, delivery.attempt), failure).catch((writeError: unknown) =>
      this.logger.error("audit: outcome not recorded", { event: delivery.event.id, group, error: String(writeError) }),
    );
  }
}
