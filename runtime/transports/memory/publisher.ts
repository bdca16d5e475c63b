/**
 * The publish side of the memory transport: each event goes, as the same object, into the
 * queue of every group subscribed to its type (one QueuedDelivery per group, at the
 * catalog's priority), unless its id was published within the dedup window; publishers are
 * told to wait while a group with members holds more than `maxQueued` events.
 */
import type { Priority } from "../../bus/catalog.js";
import { coarseNow } from "../../bus/clock.js";
import type { CloudEvent } from "../../bus/envelope.js";
import type { PublishOrigin } from "../../bus/transport.js";
import { QueuedDelivery, type Group } from "./consumer.js";
import type { DedupWindow } from "./dedup-window.js";

interface Route {
  priority: Priority;
  groups: Group[];
}

export class MemoryPublisher {
  private readonly priorities = new Map<string, Priority>();
  /** Event name -> its priority and the groups subscribed to it. */
  private routes = new Map<string, Route>();

  constructor(
    private readonly dedup: DedupWindow | undefined,
    private readonly maxQueued: number,
    /** Queues a delivery for a group (and schedules its drain). */
    private readonly enqueue: (delivery: QueuedDelivery, group: Group) => void,
  ) {}

  /** The priorities of the catalog's events (at start). */
  setPriorities(priorities: Iterable<[string, Priority]>): void {
    for (const [name, priority] of priorities) this.priorities.set(name, priority);
  }

  priorityOf(name: string): Priority {
    return this.priorities.get(name) ?? "normal";
  }

  /** Routes events to `groups` from now on (called whenever a group is added, emptied or removed). */
  route(groups: Iterable<Group>): void {
    const routes = new Map<string, Route>();
    for (const group of groups) {
      for (const name of group.spec.events) {
        const route = routes.get(name) ?? { priority: this.priorityOf(name), groups: [] };
        route.groups.push(group);
        routes.set(name, route);
      }
    }
    this.routes = routes;
  }

  /** Queues `events` for their groups: undefined when no publisher need wait, else a promise of room. */
  offer(events: readonly CloudEvent[], origin: PublishOrigin): Promise<void> | undefined {
    let full: Set<Group> | undefined;
    const now = this.dedup === undefined ? 0 : coarseNow();
    for (const event of events) {
      if (this.dedup?.isDuplicate(event.id, now, origin.idSequence(event))) continue;
      const route = this.routes.get(event.type);
      if (route === undefined) continue;
      const priority = route.priority;
      for (const group of route.groups) {
        if (!group.accepts(event)) continue;
        this.enqueue(new QueuedDelivery(event, priority), group);
        if (group.size > this.maxQueued && group.members.length > 0) (full ??= new Set()).add(group);
      }
    }
    // A handler waiting for room in a queue only its own group drains would wait forever.
    if (full === undefined || origin.fromHandler()) return undefined;
    return Promise.all([...full].map((group) => new Promise<void>((resolve) => group.waiters.push(resolve)))).then(() => undefined);
  }
}
