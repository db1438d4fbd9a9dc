/**
 * A token bucket: holds up to `capacity` tokens, refilled continuously at
 * `perSecond`; each request takes one. A burst up to `capacity` passes, then
 * the sustained rate is `perSecond`. Refilled lazily on `take()`, so an idle
 * bucket costs no timer.
 *
 * Written here rather than installed: no rate-limit library is in the
 * dependency tree, the ones on npm (`limiter`, `rate-limiter-flexible`) bring
 * async APIs, stores and timers for what is twenty lines of arithmetic, and
 * this runs on every socket packet. The clock is monotonic (`performance.now`)
 * so a wall-clock step cannot refill or freeze a bucket; tests pass their own.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(capacity >= 1) || !(perSecond >= 0)) throw new RangeError(`token bucket needs capacity >= 1 and rate >= 0`);
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes one token when there is one; false (and nothing taken) otherwise. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until `take()` would succeed (0 when it would now). */
  msUntilToken(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return this.perSecond === 0 ? Infinity : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.perSecond) / 1000);
  }
}
