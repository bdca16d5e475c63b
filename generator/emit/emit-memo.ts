/**
 * What emitters made, remembered by a key that captures everything it depends on, so a
 * `--watch` rebuild prints only the declarations (and docs rows) whose inputs changed. The memo
 * only saves time: an emitter given one returns the same bytes as without. Remembered values
 * are shared between builds and never modified. What a build did not use is forgotten at the
 * next one, so the memo never outgrows the catalog.
 */
export class EmitMemo {
  private current = new Map<string, unknown>();
  private previous = new Map<string, unknown>();
  /** Values made from one object (an IR), for as long as it lives. */
  private readonly byOwner = new WeakMap<object, Map<string, unknown>>();

  remember<T>(key: string, make: () => T): T {
    let value = (this.current.has(key) ? this.current.get(key) : this.previous.get(key)) as T | undefined;
    if (value === undefined) value = make();
    this.current.set(key, value);
    return value;
  }

  /** What `make` gave the first time it was asked for `key` of `owner` (the same object, not an equal one). */
  rememberFor<T>(owner: object, key: string, make: () => T): T {
    let values = this.byOwner.get(owner);
    if (!values) this.byOwner.set(owner, (values = new Map()));
    if (!values.has(key)) values.set(key, make());
    return values.get(key) as T;
  }

  /** Starts a build: values unused since the previous one are dropped. */
  nextBuild(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
