/**
 * The transport's partitions, each a RedisContext of its own (the same connections, its own key
 * layout) with its own housekeeping. Every partition any catalog event uses is known at start, so
 * dead letters, event status and housekeeping cover all of them.
 */
import type { CloudEvent } from "../../bus/envelope.js";
import type { RedisContext } from "./context.js";
import type { RedisDeadLetters } from "./dead-letters.js";
import { KeyLayout } from "./keys.js";
import { Maintenance } from "./maintenance.js";
import { eventPartitioning, partitionOf, type EventPartitioning } from "./partitions.js";

export interface PartitionContext {
  context: RedisContext;
  maintenance: Maintenance;
}

export class PartitionContexts {
  /** By key prefix: one entry per distinct partition (an event with one partition shares the base layout). */
  private readonly partitions = new Map<string, PartitionContext>();
  private readonly byEvent = new Map<string, { partitioning: EventPartitioning; partitions: PartitionContext[] }>();

  constructor(base: RedisContext, deadLetters: RedisDeadLetters) {
    const { options, catalog } = base;
    const cluster = options.cluster !== undefined;
    const add = (keys: KeyLayout): PartitionContext => {
      let entry = this.partitions.get(keys.prefix);
      if (entry === undefined) {
        const context = { ...base, keys };
        entry = { context, maintenance: new Maintenance(context, deadLetters) };
        this.partitions.set(keys.prefix, entry);
      }
      return entry;
    };
    add(base.keys);
    for (const event of Object.keys(catalog.events)) {
      const partitioning = eventPartitioning(options, catalog, event);
      const partitions = Array.from({ length: partitioning.count }, (_, index) =>
        add(new KeyLayout(options.namespace, cluster, { index, count: partitioning.count })),
      );
      this.byEvent.set(event, { partitioning, partitions });
    }
  }

  all(): PartitionContext[] {
    return [...this.partitions.values()];
  }

  /** The partition an event is published to. */
  route(event: CloudEvent): PartitionContext {
    const { partitioning, partitions } = this.byEvent.get(event.type)!;
    return partitions[partitionOf(event, partitioning)]!;
  }

  /** The partitions a subscription reads, each with the subscribed events it holds. */
  forEvents(events: readonly string[]): { partition: PartitionContext; events: string[] }[] {
    const out = new Map<PartitionContext, string[]>();
    for (const event of events) {
      for (const partition of this.byEvent.get(event)!.partitions) out.set(partition, [...(out.get(partition) ?? []), event]);
    }
    return [...out].map(([partition, held]) => ({ partition, events: held }));
  }
}
