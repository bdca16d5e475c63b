/**
 * A memory transport that records: every event published through it and the outcome of
 * every delivery. Its `settled()` resolves once nothing is queued, running or waiting
 * for a retry, so a test can publish, await `settled()`, then assert.
 */
import type { CloudEvent } from "../bus/envelope.js";
import type { Delivery, InProcessConsumer, PublishOrigin, Settlement, SubscriptionSpec, TransportSubscription } from "../bus/transport.js";
import { InvalidOptionsError } from "../bus/errors.js";
import { checkOptions } from "../bus/option-checks.js";
import { MEMORY_OPTIONS, type MemoryTransportOptions } from "../transports/memory/options.js";
import { MemoryTransport } from "../transports/memory/transport.js";

export const RECORDING_OPTIONS = {
  ...MEMORY_OPTIONS,
  retries: (value: unknown, path: string) => {
    if (value !== "immediate" && value !== "real") throw new InvalidOptionsError(path, 'must be "immediate" or "real"');
  },
};

export interface RecordingTransportOptions extends MemoryTransportOptions {
  /**
   * `"immediate"` (default) retries a failed handler at once, so tests never sleep through
   * backoff delays (the delay the bus asked for is still recorded); `"real"` waits them.
   */
  retries?: "immediate" | "real";
}

export interface RecordedDelivery {
  /** The subscription's pattern and group. */
  pattern: string;
  group: string;
  event: CloudEvent;
  attempt: number;
  /** What the bus decided: ack, retry (with the delay it asked for) or dead-letter (with the error). */
  settlement: Settlement;
}

export class RecordingTransport extends MemoryTransport {
  override readonly name: string = "recording";
  /** Every event handed to the transport, in order (duplicates included). */
  readonly published: CloudEvent[] = [];
  /** Every settled delivery, in the order they settled. */
  readonly deliveries: RecordedDelivery[] = [];
  private readonly immediateRetries: boolean;

  constructor(options: RecordingTransportOptions = {}) {
    checkOptions(options, RECORDING_OPTIONS, "options");
    const { retries = "immediate", ...memory } = options;
    super(memory);
    this.immediateRetries = retries === "immediate";
  }

  override offer(events: readonly CloudEvent[], origin: PublishOrigin): Promise<void> | undefined {
    this.published.push(...events);
    return super.offer(events, origin);
  }

  override subscribeInProcess(spec: SubscriptionSpec, consumer: InProcessConsumer): Promise<TransportSubscription> {
    const record = (delivery: Delivery, settlement: Settlement): Settlement => {
      this.deliveries.push({ pattern: spec.pattern, group: spec.group, event: delivery.event, attempt: delivery.attempt, settlement });
      return this.immediateRetries && settlement.kind === "retry" ? { kind: "retry", delayMs: 0 } : settlement;
    };
    return super.subscribeInProcess(spec, {
      deliver: (delivery, sink) => consumer.deliver(delivery, { settled: (settled, settlement) => sink.settled(settled, record(settled, settlement)) }),
    });
  }

  /** Resolves once nothing is queued for a subscriber, being handled, or waiting for a retry. */
  settled(): Promise<void> {
    return this.whenIdle(true);
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.published.length = 0;
    this.deliveries.length = 0;
  }
}

export function recordingTransport(options?: RecordingTransportOptions): RecordingTransport {
  return new RecordingTransport(options);
}
