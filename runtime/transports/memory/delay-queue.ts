/**
 * Items due at a later time (delayed retries), kept in a binary min-heap and served by a
 * single timer armed for the earliest one: no timer per item.
 */
interface Slot<T> {
  due: number;
  /** Insertion order, so items due at the same time come out first-in first-out. */
  seq: number;
  item: T;
}

export class DelayQueue<T> {
  private readonly heap: Slot<T>[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;

  constructor(private readonly onDue: (item: T) => void) {}

  get size(): number {
    return this.heap.length;
  }

  add(item: T, delayMs: number): void {
    const slot = { due: Date.now() + delayMs, seq: this.seq++, item };
    this.heap.push(slot);
    this.up(this.heap.length - 1);
    if (slot.due < this.timerDue) this.arm(slot.due);
  }

  /** Removes and returns every waiting item, earliest first. */
  clear(): T[] {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
    const items: T[] = [];
    while (this.heap.length > 0) items.push(this.pop().item);
    return items;
  }

  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = Date.now();
    while (this.heap.length > 0 && this.heap[0]!.due <= now) this.onDue(this.pop().item);
    if (this.heap.length > 0) this.arm(this.heap[0]!.due);
  }

  private pop(): Slot<T> {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.due < y.due || (x.due === y.due && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.heap.length && this.less(left, smallest)) smallest = left;
      if (right < this.heap.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
