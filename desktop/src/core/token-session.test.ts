import type { TokenPair } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from './backoff';
import { HttpError, UnreachableError } from './rest-client';
import { SessionRejectedError, TokenSession } from './token-session';
import { FakeScheduler, memoryLogger } from '../../test/support/station-fakes';

/** An unsigned JWT-shaped token: the station only reads its timing. */
const token = (nowMs: number, ttlSeconds: number, n: number) => {
  const iat = Math.floor(nowMs / 1000);
  return `h.${Buffer.from(JSON.stringify({ sub: 'u', iat, exp: iat + ttlSeconds, n })).toString('base64url')}.s`;
};

function setup(options: { ttlSeconds?: number; fail?: () => Error | undefined } = {}) {
  const clock = new FakeScheduler();
  const ttl = options.ttlSeconds ?? 900;
  const calls: string[] = [];
  const rotated: TokenPair[] = [];
  const pushed: string[] = [];
  const rejected: string[] = [];
  let n = 0;
  const session = new TokenSession(
    {
      refresh: async (refreshToken) => {
        calls.push(refreshToken);
        const failure = options.fail?.();
        if (failure) throw failure;
        await Promise.resolve();
        n += 1;
        return { accessToken: token(clock.now(), ttl, n), refreshToken: `r${n}` };
      },
      onRotated: async (pair) => void rotated.push(pair),
      onAccessToken: (t) => void pushed.push(t),
      onRejected: (reason) => void rejected.push(reason),
      scheduler: clock,
      backoff: DEFAULT_BACKOFF,
      logger: memoryLogger(),
    },
    'r0',
    token(clock.now(), ttl, 0),
  );
  return { clock, session, calls, rotated, pushed, rejected };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('token session', () => {
  it('refreshes silently ahead of expiry, rotating the refresh token each time', async () => {
    const { clock, session, calls, rotated, pushed } = setup({ ttlSeconds: 900 });
    clock.advance(719_000);
    await flush();
    expect(calls).toEqual([]);
    clock.advance(1_000); // 80 % of 15 min
    await flush();
    expect(calls).toEqual(['r0']);
    expect(rotated.map((p) => p.refreshToken)).toEqual(['r1']);
    expect(pushed).toHaveLength(1);
    expect(session.currentRefreshToken).toBe('r1');
    clock.advance(720_000);
    await flush();
    expect(calls).toEqual(['r0', 'r1']); // always the newest refresh token
  });

  it('single-flight: concurrent callers never send one refresh token twice', async () => {
    const { session, calls } = setup();
    session.invalidateAccessToken();
    const tokens = await Promise.all([session.getFreshAccessToken(), session.getFreshAccessToken(), session.refresh()]);
    expect(calls).toEqual(['r0']);
    expect(new Set(tokens).size).toBe(1);
  });

  it('a fresh token is reused; one about to expire is refreshed first', async () => {
    const { clock, session, calls } = setup({ ttlSeconds: 60 });
    const first = await session.getFreshAccessToken();
    expect(calls).toEqual([]);
    session.stop(); // no background refresh: only getFreshAccessToken decides
    clock.advance(59_500);
    const second = await session.getFreshAccessToken();
    expect(calls).toEqual(['r0']);
    expect(second).not.toBe(first);
  });

  it('a refused refresh token ends the session (reported once, no retries)', async () => {
    const { clock, session, calls, rejected } = setup({ fail: () => new HttpError(401, 'Refresh token reuse detected') });
    await expect(session.refresh()).rejects.toBeInstanceOf(SessionRejectedError);
    expect(rejected).toEqual(['Refresh token reuse detected']);
    expect(session.isRejected).toBe(true);
    clock.advance(3_600_000);
    await flush();
    expect(calls).toEqual(['r0']);
  });

  it('an unreachable server is retried with backoff, in the background', async () => {
    let down = true;
    const { clock, session, calls } = setup({ ttlSeconds: 60, fail: () => (down ? new UnreachableError('ECONNREFUSED') : undefined) });
    clock.advance(30_000); // first scheduled refresh (60 s token → half-way)
    await flush();
    expect(calls).toHaveLength(1);
    down = false;
    clock.advance(1_500); // first retry within min delay × (1 ± jitter)
    await flush();
    await flush();
    expect(calls).toHaveLength(2);
    expect(session.currentRefreshToken).toBe('r1');
  });
});
