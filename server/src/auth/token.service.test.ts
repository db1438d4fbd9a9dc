import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/app-config';
import { TokenService } from './token.service';

const config = { jwtSecret: 'a-test-secret-of-enough-length-0123456789', accessTokenTtlSeconds: 60 } as AppConfig;
const user = { id: 'u-1', tenantId: 't-1', role: 'agent' as const };

/** Verified tokens are remembered; what is remembered must answer exactly as a fresh verification would. */
describe('TokenService.verifyAccessToken', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a repeated token the same, and expired once its exp passes, also when remembered', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T10:00:00Z'), toFake: ['Date'] });
    const tokens = new TokenService(config);
    const { token } = await tokens.signAccessToken(user);
    const first = await tokens.verifyAccessToken(token);
    expect(first).toMatchObject({ ok: true, claims: { sub: 'u-1', tenantId: 't-1', role: 'agent' } });
    expect(await tokens.verifyAccessToken(token)).toEqual(first);
    vi.setSystemTime(new Date('2026-01-01T10:00:59Z'));
    expect((await tokens.verifyAccessToken(token)).ok).toBe(true);
    vi.setSystemTime(new Date('2026-01-01T10:01:00Z'));
    expect(await tokens.verifyAccessToken(token)).toEqual({ ok: false, reason: 'token_expired' });
    // A fresh service (nothing remembered) says the same.
    expect(await new TokenService(config).verifyAccessToken(token)).toEqual({ ok: false, reason: 'token_expired' });
  });

  it('never lets a remembered token vouch for an altered one', async () => {
    const tokens = new TokenService(config);
    const { token } = await tokens.signAccessToken(user);
    expect((await tokens.verifyAccessToken(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'u-1', tenantId: 't-2', role: 'admin', exp: 4102444800 })).toString('base64url')}.${signature}`;
    expect(await tokens.verifyAccessToken(forged)).toEqual({ ok: false, reason: 'unauthorized' });
    expect(await tokens.verifyAccessToken(`${header}.${payload}.${signature}x`)).toEqual({ ok: false, reason: 'unauthorized' });
    const other = new TokenService({ ...config, jwtSecret: 'another-secret-of-enough-length-987654321' });
    expect(await other.verifyAccessToken(token)).toEqual({ ok: false, reason: 'unauthorized' });
  });
});
