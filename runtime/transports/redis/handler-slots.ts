/**
 * A subscription's handler slots (its `concurrency`), shared by the dispatchers of the partitions
 * it reads: partitions multiply streams, not the handlers a subscription runs at once. A freed
 * slot wakes every member, so a partition that had to wait reads and delivers again.
 */
export interface SlotMember {
  /** Delivers queued entries while slots are free, and lets its read loop fetch again. */
  wake(): void;
}

export class HandlerSlots {
  private inFlight = 0;
  private readonly members = new Set<SlotMember>();

  constructor(readonly limit: number) {}

  /** Slots not in a handler. */
  get free(): number {
    return this.limit - this.inFlight;
  }

  join(member: SlotMember): void {
    this.members.add(member);
  }

  /** Takes a slot if one is free. */
  take(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    return true;
  }

  release(from: SlotMember): void {
    this.inFlight--;
    for (const member of this.members) if (member !== from) member.wake();
  }
}
