/**
 * One subscription over partitioned streams: a RedisConsumer per partition it reads (a multi-stream
 * XREADGROUP must stay within one hash tag), all members of the same Redis group under the same
 * consumer name. They share the subscription's handler slots (its concurrency).
 */
import type { DeliveryHandler, SubscriptionSpec } from "../../bus/transport.js";
import { RedisConsumer } from "./consumer.js";
import { HandlerSlots } from "./handler-slots.js";
import type { PartitionContext, PartitionContexts } from "./partition-contexts.js";

export class PartitionedConsumer {
  readonly redisGroup: string;
  readonly members: { consumer: RedisConsumer; partition: PartitionContext }[];

  constructor(partitions: PartitionContexts, spec: SubscriptionSpec, handler: DeliveryHandler, consumer: string) {
    const slots = new HandlerSlots(spec.concurrency);
    this.members = partitions.forEvents(spec.events).map(({ partition, events }) => ({
      partition,
      consumer: new RedisConsumer(partition.context, { ...spec, events }, handler, consumer, slots),
    }));
    this.redisGroup = this.members[0]!.consumer.redisGroup;
  }

  async start(): Promise<void> {
    await Promise.all(this.members.map(({ consumer }) => consumer.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map(({ consumer }) => consumer.stop()));
  }

  abort(): void {
    for (const { consumer } of this.members) consumer.abort();
  }

  async lag(): Promise<number> {
    const lags = await Promise.all(this.members.map(({ consumer }) => consumer.lag()));
    return lags.reduce((sum, lag) => sum + lag, 0);
  }
}
