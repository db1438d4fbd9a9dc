import { describe, expect, it } from 'vitest';
import { decodeTokenTiming, refreshDelayMs, tokenValidityMs } from './jwt';

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
