import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, DEFAULT_BACKOFF, socketReconnectionOptions } from '../../src/core/backoff';
import { decodeTokenTiming, refreshDelayMs, tokenValidityMs } from '../../src/core/jwt';

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

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('access token timing', () => {
  it('decodes exp/iat without verifying', () => {
    expect(decodeTokenTiming(jwt({ sub: 'u', exp: 2_000, iat: 1_100 }))).toEqual({ exp: 2_000, iat: 1_100 });
    expect(decodeTokenTiming(jwt({ sub: 'u' }))).toBeUndefined();
    expect(decodeTokenTiming('not-a-jwt')).toBeUndefined();
    expect(decodeTokenTiming('a.!!!.b')).toBeUndefined();
  });

  it('validity from the local clock, bounded by the token lifetime when the clock is skewed', () => {
    const now = 1_000_000_000;
    expect(tokenValidityMs({ exp: now / 1000 + 900, iat: now / 1000 }, now)).toBe(900_000);
    // Local clock 10 min behind the server: exp looks 25 min away; trust the 15-min lifetime.
    expect(tokenValidityMs({ exp: now / 1000 + 1_500, iat: now / 1000 + 600 }, now)).toBe(899_000);
    // Local clock ahead: exp already "past".
    expect(tokenValidityMs({ exp: now / 1000 - 60, iat: now / 1000 - 960 }, now)).toBe(899_000);
  });

  it('refreshes at 80 % or 30 s before expiry, whichever first, never before half-way', () => {
    expect(refreshDelayMs(900_000)).toBe(720_000); // 15 min token: at 12 min
    expect(refreshDelayMs(120_000)).toBe(90_000); // 2 min token: 30 s before
    expect(refreshDelayMs(5_000)).toBe(2_500); // 5 s test token: half-way
  });
});
