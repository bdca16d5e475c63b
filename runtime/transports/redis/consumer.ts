/**
 * One subscription's consumer: a member of the subscription group's Redis consumer group. Its
 * parts, one concern each:
 *
 * - read-loop.ts: the blocking XREADGROUP over the events' streams and the group's retry
 *   streams, on its own connection, and the re-read of its own pending entries after a reconnect;
 * - dispatcher.ts: the entries in its hands, queued by priority, delivered within the
 *   subscription's concurrency, and settled;
 * - reaper.ts: claims of entries idle past the ack timeout, and due retries moved to the retry streams.
 *
 * This file creates the group, wires the parts and takes them down in order.
 */
import type { DeliveryHandler, SubscriptionSpec } from "../../bus/transport.js";
import type { RedisContext } from "./context.js";
import { Dispatcher } from "./dispatcher.js";
import type { HandlerSlots } from "./handler-slots.js";
import { createGroups, destroyGroup, groupLag } from "./groups.js";
import { redisGroupName } from "./keys.js";
import type { GroupMember } from "./pending-reads.js";
import { Reaper } from "./reaper.js";
import { ReadLoop } from "./read-loop.js";
import { RetryMover } from "./retry-mover.js";
import { DROP_CONSUMER, runScript } from "./scripts.js";
import { streamLayout } from "./stream-layout.js";

export class RedisConsumer {
  readonly group: string;
  readonly redisGroup: string;
  readonly eventStreams: string[];
  /** Every stream read, highest priority first. */
  readonly streams: string[];
  private readonly member: GroupMember;
  private readonly dispatcher: Dispatcher;
  private readonly retries: RetryMover;
  private readonly reaper: Reaper;
  private reads: ReadLoop | undefined;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly context: RedisContext,
    private readonly spec: SubscriptionSpec,
    handler: DeliveryHandler,
    readonly consumer: string,
    slots: HandlerSlots,
  ) {
    const { keys, catalog } = context;
    this.group = spec.group;
    this.redisGroup = redisGroupName(spec.group, spec.tenantId);
    this.member = { group: this.redisGroup, consumer };
    this.eventStreams = spec.events.map((event) => keys.stream(event));
    const layout = streamLayout(catalog, keys, spec.events, this.redisGroup);
    this.streams = layout.streams;
    this.retries = new RetryMover(context, this.redisGroup);
    this.dispatcher = new Dispatcher(context, spec, handler, layout.info, this.retries, {
      group: this.group,
      redisGroup: this.redisGroup,
      consumer,
      wakeSoon: () => this.reads?.wakeSoon(),
    }, slots);
    this.reaper = new Reaper(context, spec, this.member, this.streams, this.retries, this.dispatcher);
  }

  async start(): Promise<void> {
    await this.ensureGroups();
    const reader = this.context.connect(`eventsmith:${this.consumer}`);
    this.reads = new ReadLoop(this.context, reader, this.member, this.streams, this.dispatcher, () => this.ensureGroups());
    this.reads.start();
    this.reaper.start();
  }

  /** Stops reading, delivers what was already fetched, waits for every settlement. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  /** Deliveries waiting for this group: new entries per stream plus pending ones. */
  lag(): Promise<number> {
    return groupLag(this.context, this.redisGroup, this.streams);
  }

  /** Creates the consumer group where missing (after a server lost its data, too). */
  ensureGroups(): Promise<void> {
    return createGroups(this.context, this.spec, this.redisGroup, this.streams, this.eventStreams);
  }

  /** Drops the read connection and stops the timers, settling nothing (see RedisTransport.abort). */
  abort(): void {
    this.reaper.stop();
    this.reads?.abort();
  }

  private async shutdown(): Promise<void> {
    this.reaper.stop();
    await this.reads?.stop();
    this.dispatcher.releaseParked();
    await this.dispatcher.drained();
    await this.leaveGroup();
  }

  /** A fan-out group ends with its subscription; a durable one keeps its position and drops only this consumer. */
  private async leaveGroup(): Promise<void> {
    try {
      if (this.spec.durable) await runScript(this.context.redis, DROP_CONSUMER, this.streams, [this.redisGroup, this.consumer]);
      else await destroyGroup(this.context, this.redisGroup, this.eventStreams);
    } catch (error) {
      this.context.logger.warn(`redis: could not release ${this.consumer} from group ${this.redisGroup}`, { error: String(error) });
    }
  }
}
