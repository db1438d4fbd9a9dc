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

  it('answers a refresh retried within the grace period with the very pair it answered first (no new branch)', async () => {
    const session = await login(server.url, t.nurse2.email);
    const first = await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    const retry = await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // The one successor stays usable: nobody was logged out by a lost answer.
    const next = await api(server.url).post('/api/auth/refresh', { refreshToken: retry.body.refreshToken });
    expect(next.status).toBe(200);
    // Once the station has used the successor, the old token coming back is a second holder: the family goes.
    expect((await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect((await api(server.url).post('/api/auth/refresh', { refreshToken: next.body.refreshToken })).status).toBe(401);
  });

  it('gives two concurrent uses of one refresh token the same pair', async () => {
    const session = await login(server.url, t.nurse2.email);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    expect((await api(server.url, answers[0]!.body.accessToken).get('/api/alerts')).status).toBe(200);
    expect((await api(server.url).post('/api/auth/refresh', { refreshToken: answers[0]!.body.refreshToken })).status).toBe(200);
  });

  it('refuses common and short passwords at user creation, naming the field; accepts a strong one', async () => {
    const client = api(server.url, (await login(server.url, t.admin.email)).accessToken);
    const create = (email: string, password: string) => client.post('/api/users', { email, password, name: 'Enf', role: 'nurse' });
    for (const password of ['12345678', 'senha123456', 'Brasil@2024', 'qwertyuiop']) {
      const refused = await create(`weak-${password.length}@test.plantao`, password);
      expect(refused.status, password).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(refused.body.message).toMatch(/^password: /);
    }
    expect((await create('short@test.plantao', 'x7#Kq')).body.message).toBe('password: must be at least 10 characters');
    expect((await create('senha@test.plantao', 'senha123456')).body.message).toMatch(/too common/);
    expect((await create('strong@test.plantao', 'correct-horse-battery-staple')).status).toBe(201);
    // The new user signs in with it.
    expect((await login(server.url, 'strong@test.plantao')).user.role).toBe('nurse');
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
