/**
 * At most one emission per key per interval; the latest value wins, and each
 * emission reports the previous *emitted* value (what stations last saw), not
 * intermediate values nobody received. Used for `priority_update` (issue #2).
 */
export class LatestValueThrottle<V> {
  private readonly entries = new Map<string, { lastSent: V; lastSentAt: number; pending?: V; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, oldValue: V, newValue: V) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** @param previous the value stations had before this key was first seen. */
  push(key: string, value: V, previous: V): void {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { lastSent: previous, lastSentAt: -Infinity };
      this.entries.set(key, entry);
    }
    entry.pending = value;
    if (entry.timer) return;
    const wait = entry.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush(key);
    else entry.timer = setTimeout(() => this.flush(key), wait);
  }

  private flush(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.timer = undefined;
    const value = entry.pending;
    entry.pending = undefined;
    if (value === undefined || value === entry.lastSent) return;
    const old = entry.lastSent;
    entry.lastSent = value;
    entry.lastSentAt = this.now();
    this.emit(key, old, value);
  }

  /** Stops pending timers (shutdown); pending values are dropped, the stored score stays correct. */
  close(): void {
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    this.entries.clear();
  }
}
