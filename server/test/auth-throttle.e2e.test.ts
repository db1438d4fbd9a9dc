import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../src/db/create-database';
import { DATABASE } from '../src/db/database.module';
import { api, PASSWORD, seedTenant, type TenantFixture } from './support/fixtures';
import { ManualClock } from './support/manual-clock';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Sign-in throttling (issue #8): measured before, 200 wrong passwords in
 * 1.8 s and never a 429. Defaults: 10 failures per account, 50 per address,
 * blocked for 5 minutes. Every request here comes from 127.0.0.1, so each
 * test starts after the previous one's window has passed (manual clock).
 */
describe('sign-in throttling per account and per address', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  const clock = new ManualClock();
  const signIn = (email: string, password: string) =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, clock, env: { SWEEP_INTERVAL_MS: '0' } });
    t = await seedTenant(db.url);
  });
  beforeEach(() => clock.advance(301_000));
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('answers the 11th attempt on one account 429 with Retry-After, even with the right password; others are unaffected', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(t.nurse.email, `wrong-${i}`)).status).toBe(401);
    const blocked = await signIn(t.nurse.email.toUpperCase(), PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(300);
    expect(await blocked.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/try again in 300 s/),
    });
    expect((await signIn(t.nurse2.email, PASSWORD)).status).toBe(200);

    // Recovery: once the block is over, the right password works again.
    clock.advance(299_000);
    expect((await signIn(t.nurse.email, PASSWORD)).status).toBe(429);
    clock.advance(2_000);
    expect((await signIn(t.nurse.email, PASSWORD)).status).toBe(200);
  });

  it('refuses blocked attempts before looking up the user or verifying any password (no argon2 time spent)', async () => {
    for (let i = 0; i < 10; i++) await signIn(t.agent.email, 'wrong');
    const handle = server.app.get<symbol, DatabaseHandle>(DATABASE);
    const lookups = vi.spyOn(handle.db, 'selectFrom');
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => signIn(t.agent.email, 'wrong')));
      expect(answers.every((a) => a.status === 429)).toBe(true);
      // Background jobs (escalation sweep, retention, outbox drain) read other
      // tables on their own timers; only a look-up of the user would be wrong.
      const userLookups = lookups.mock.calls.filter(([table]) => String(table).startsWith('users'));
      expect(userLookups).toEqual([]);
    } finally {
      lookups.mockRestore();
    }
  });

  it('cannot be outrun by a parallel burst: at most 10 of 40 simultaneous guesses are verified', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(t.admin.email, `burst-${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect((await signIn(t.admin.email, PASSWORD)).status).toBe(429);
  });

  it('a successful sign-in clears the account count', async () => {
    for (let i = 0; i < 9; i++) expect((await signIn(t.nurse2.email, 'wrong')).status).toBe(401);
    expect((await signIn(t.nurse2.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await signIn(t.nurse2.email, 'wrong')).status).toBe(401);
    expect((await signIn(t.nurse2.email, PASSWORD)).status).toBe(200);
  });

  it('blocks an address after 50 failures across accounts, for every account, until the window is over', async () => {
    for (let i = 0; i < 50; i++) expect((await signIn(`spray-${i}@test.plantao`, PASSWORD)).status).toBe(401);
    const blocked = await api(server.url).post('/api/auth/login', { email: t.nurse.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/Too many failed sign-in attempts/);
    clock.advance(301_000);
    expect((await signIn(t.nurse.email, PASSWORD)).status).toBe(200);
  });
});
