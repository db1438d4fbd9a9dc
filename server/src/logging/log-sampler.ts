/**
 * At most one log line per key (e.g. address + reason) per window. A client
 * retrying a refused handshake a thousand times a second must not flood the
 * log and the disk under it; the metrics still count every event. The line
 * that gets through says how many like it were held back before it. Memory
 * is bounded: past `maxKeys` keys, new keys are held back until old windows
 * expire.
 */
export class LogSampler {
  private readonly keys = new Map<string, { since: number; heldBack: number }>();

  constructor(
    private readonly windowMs = 10_000,
    private readonly maxKeys = 1_000,
  ) {}

  /** `{ heldBack }` when this line should be written (with the count held back since the last one), undefined when not. */
  admit(key: string, now = Date.now()): { heldBack: number } | undefined {
    const entry = this.keys.get(key);
    if (entry && now - entry.since < this.windowMs) {
      entry.heldBack++;
      return undefined;
    }
    if (!entry && this.keys.size >= this.maxKeys) {
      this.forgetBefore(now - this.windowMs);
      if (this.keys.size >= this.maxKeys) return undefined;
    }
    this.keys.set(key, { since: now, heldBack: 0 });
    return { heldBack: entry?.heldBack ?? 0 };
  }

  private forgetBefore(cutoff: number): void {
    for (const [key, entry] of this.keys) if (entry.since <= cutoff) this.keys.delete(key);
  }
}
