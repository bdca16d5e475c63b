/**
 * Entries a consumer holds: fetched from Redis and not yet recorded as settled there. Kept
 * lean, since one exists per delivery: ids per stream rather than key strings, and a delivery
 * whose `working` is a method rather than a closure.
 */
import type { Priority } from "../../bus/catalog.js";
import type { CloudEvent } from "../../bus/envelope.js";
import type { Delivery } from "../../bus/transport.js";

/** An entry a consumer holds: queued for its handler, in flight, or being settled. */
export interface HeldEntry {
  stream: string;
  id: string;
  /** Dropped (emptied) once a plain ack is decided: only the id is needed after that. */
  fields: string[];
  priority: Priority;
  /** The entry is on one of the group's retry streams (it belongs to this group alone). */
  retry: boolean;
  attempt: number;
  /** Event name: from the stream for event streams, from `ce-type` on retry streams. */
  type: string;
  lastWorking: number;
}

/** Entry ids held, per stream. */
export class HeldIds {
  size = 0;
  private readonly byStream = new Map<string, Set<string>>();

  constructor(streams: readonly string[]) {
    for (const stream of streams) this.byStream.set(stream, new Set());
  }

  has(stream: string, id: string): boolean {
    return this.byStream.get(stream)!.has(id);
  }

  add(stream: string, id: string): void {
    this.byStream.get(stream)!.add(id);
    this.size++;
  }

  delete(stream: string, id: string): void {
    if (this.byStream.get(stream)!.delete(id)) this.size--;
  }
}

/** What the bus gets for a held entry. */
export class HeldDelivery implements Delivery {
  readonly attempt: number;
  readonly priority: Priority;

  constructor(
    readonly event: CloudEvent,
    private readonly entry: HeldEntry,
    private readonly owner: { keepAlive(entry: HeldEntry): void },
    readonly undecodable?: { message: string; code: string },
  ) {
    this.attempt = entry.attempt;
    this.priority = entry.priority;
  }

  working(): void {
    this.owner.keepAlive(this.entry);
  }
}
