/** The memory transport's dead-letter destination: entries in arrival order, replayable to their group. */
import type { CloudEvent } from "../../bus/envelope.js";
import { newId } from "../../bus/ids.js";
import type { DeadLetter, DeadLetterError, DeadLetterQuery, DeadLetterStore } from "../../bus/transport.js";

/** Puts an event back into the named group's queue; false when that group no longer exists. */
export type Redeliver = (event: CloudEvent, group: string) => boolean;

export class MemoryDeadLetters implements DeadLetterStore {
  private readonly entries = new Map<string, DeadLetter>();

  constructor(
    private readonly redeliver: Redeliver,
    private readonly warn: (message: string, fields: Record<string, unknown>) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  add(event: CloudEvent, error: DeadLetterError, group: string): void {
    const id = newId();
    this.entries.set(id, { id, originalEvent: event, error, group, deadLetteredAt: new Date().toISOString() });
  }

  async count(): Promise<number> {
    return this.entries.size;
  }

  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const found: DeadLetter[] = [];
    for (const entry of this.entries.values()) {
      if (query.limit !== undefined && found.length >= query.limit) break;
      if (query.group !== undefined && entry.group !== query.group) continue;
      if (query.type !== undefined && !("type" in entry.originalEvent && entry.originalEvent.type === query.type)) continue;
      found.push(entry);
    }
    return found;
  }

  async replay(ids?: readonly string[]): Promise<number> {
    let replayed = 0;
    for (const entry of this.select(ids)) {
      const event = entry.originalEvent as CloudEvent;
      if (this.redeliver(event, entry.group)) {
        this.entries.delete(entry.id);
        replayed++;
      } else {
        this.warn("dead letter not replayed: its group no longer exists", { deadLetter: entry.id, group: entry.group });
      }
    }
    return replayed;
  }

  async purge(ids?: readonly string[]): Promise<number> {
    let purged = 0;
    for (const entry of this.select(ids)) if (this.entries.delete(entry.id)) purged++;
    return purged;
  }

  private select(ids: readonly string[] | undefined): DeadLetter[] {
    if (ids === undefined) return [...this.entries.values()];
    return ids.flatMap((id) => this.entries.get(id) ?? []);
  }
}
