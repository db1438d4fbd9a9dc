import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, DEFAULT_BACKOFF, socketReconnectionOptions } from './backoff';

describe('reconnection backoff', () => {
  it('defaults: 1 s to 30 s, jitter 0.5', () => {
    expect(DEFAULT_BACKOFF).toEqual({ minMs: 1_000, maxMs: 30_000, jitter: 0.5, factor: 2 });
    expect(socketReconnectionOptions(DEFAULT_BACKOFF)).toEqual({
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 30_000,
      randomizationFactor: 0.5,
    });
  });

  it('grows exponentially and is capped', () => {
    const middle = () => 0.5; // no deviation
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, DEFAULT_BACKOFF, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('jitter spreads stations over ±50 % (never above the cap)', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(500);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999_999)).toBe(1_500);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0.999_999)).toBe(30_000);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0)).toBe(15_000);
    // 500 stations returning after a restart do not pick the same second.
    const delays = new Set(Array.from({ length: 500 }, () => Math.round(backoffDelay(3, DEFAULT_BACKOFF) / 1000)));
    expect(delays.size).toBeGreaterThan(5);
  });

  it('Backoff counts attempts and resets', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0.5);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1_000, 2_000, 4_000]);
    backoff.reset();
    expect(backoff.next()).toBe(1_000);
  });
});
