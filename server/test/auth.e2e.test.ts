import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, PASSWORD, seedTenant, type TenantFixture } from './support/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

describe('auth: login, refresh rotation, users and roles', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { REFRESH_REUSE_GRACE_SECONDS: '1' } });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('logs in with the right password and returns the user from the database', async () => {
    const session = await login(server.url, t.nurse.email);
    expect(session.user).toMatchObject({ id: t.nurse.id, tenantId: t.tenantId, role: 'nurse' });
    expect(session.accessToken.split('.')).toHaveLength(3);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await api(server.url).post('/api/auth/login', { email: t.nurse.email, password: 'nope' });
    const unknown = await api(server.url).post('/api/auth/login', { email: 'ghost@test.plantao', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('rotates refresh tokens and revokes the whole family when one is reused', async () => {
    const session = await login(server.url, t.nurse.email);
    const first = await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);

    // Past the reuse grace (a lost answer retried at once), a second use is theft.
    await new Promise((r) => setTimeout(r, 1100));
    const replay = await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(replay.status).toBe(401);
    // The thief's replay also kills the legitimate descendant token.
    const descendant = await api(server.url).post('/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(descendant.status).toBe(401);
  });

  it('lets a station retry a refresh whose answer was lost, within the grace period only', async () => {
    const session = await login(server.url, t.nurse2.email);
    const first = await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    const retry = await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.refreshToken).not.toBe(first.body.refreshToken);
    // Both descendants stay usable: nobody was logged out by a lost answer.
    expect((await api(server.url).post('/api/auth/refresh', { refreshToken: retry.body.refreshToken })).status).toBe(200);
  });

  it('validates login bodies and names the failing field', async () => {
    const response = await api(server.url).post('/api/auth/login', { email: 'not-an-email' });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('email');
    expect(response.body.message).toContain('password');
  });

  it('lets an admin create users in their own tenant only, 409 on a taken email, never returning hashes', async () => {
    const admin = await login(server.url, t.admin.email);
    const client = api(server.url, admin.accessToken);
    const created = await client.post('/api/users', {
      email: 'nova@test.plantao',
      password: 'long-enough-pass',
      name: 'Nova Enfermeira',
      role: 'nurse',
      tenantId: other.tenantId,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), email: 'nova@test.plantao', name: 'Nova Enfermeira', role: 'nurse' });

    const duplicate = await client.post('/api/users', {
      email: 'nova@test.plantao',
      password: 'long-enough-pass',
      name: 'X',
      role: 'nurse',
    });
    expect(duplicate.status).toBe(409);

    const list = await client.get('/api/users');
    expect(list.status).toBe(200);
    expect(list.body.map((u: { email: string }) => u.email)).toContain('nova@test.plantao');
    expect(JSON.stringify(list.body)).not.toMatch(/argon|password/i);

    // The forged tenantId in the body was ignored: the user is not in the other tenant.
    const otherAdmin = await login(server.url, other.admin.email);
    const otherList = await api(server.url, otherAdmin.accessToken).get('/api/users');
    expect(otherList.body.map((u: { email: string }) => u.email)).not.toContain('nova@test.plantao');
  });

  it('enforces roles: a nurse cannot manage users or post alerts (403), no token is 401', async () => {
    const nurse = await login(server.url, t.nurse.email);
    expect((await api(server.url, nurse.accessToken).get('/api/users')).status).toBe(403);
    expect((await api(server.url, nurse.accessToken).post('/api/alerts', {})).status).toBe(403);
    expect((await api(server.url).get('/api/alerts')).status).toBe(401);
    expect((await api(server.url, 'garbage').get('/api/alerts')).status).toBe(401);
  });
});
