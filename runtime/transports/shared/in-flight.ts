/**
 * Work in flight and who waits for none to be left: the one drain counter of the transports
 * (publishes a close must flush, deliveries an unsubscribe must let settle). Allocation-free
 * while nobody waits: it runs for every publish and every delivery.
 */
export class InFlight {
  /** Work begun and not yet ended. */
  count = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.count++;
  }

  end(): void {
    if (--this.count === 0 && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves once no work is in flight (at once when there is none). */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
