import { UserErrorCode, UserSummarySchema } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, PASSWORD, seedTenant, type TenantFixture } from './support/fixtures';
import { connectStation, settle, type StationSocket, waitFor } from './support/socket-client';
import { createTestDatabase, REDIS_URL, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const NEW_PASSWORD = 'cavalo correto bateria grampo';

/**
 * Issue #11 part 1 over REST and Socket.io: disable / enable / reset-password
 * for admins, logout for everyone, on two instances sharing one database and
 * one Redis (a disabled nurse's stations are dropped on both).
 */
describe('user lifecycle: disable, enable, reset-password, logout', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  let admin: ReturnType<typeof api>;
  const sockets: StationSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestServer({ databaseUrl: db.url, env: { REDIS_URL } });
    b = await startTestServer({ databaseUrl: db.url, env: { REDIS_URL } });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
    admin = api(a.url, (await login(a.url, t.admin.email)).accessToken);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const station = async (url: string, token: string) => {
    const socket = await connectStation(url, { auth: { token } });
    sockets.push(socket);
    return socket;
  };
  const disconnected = (socket: StationSocket) => {
    const seen: { reason: string; at: number }[] = [];
    socket.on('disconnect', (reason) => seen.push({ reason, at: performance.now() }));
    return seen;
  };

  it("lists the tenant's users for admins only, with disabled and createdAt, never a hash", async () => {
    const list = await admin.get('/api/users');
    expect(list.status).toBe(200);
    const users = UserSummarySchema.array().parse(list.body);
    expect(users.map((u) => u.id).sort()).toEqual([t.admin.id, t.agent.id, t.nurse.id, t.nurse2.id].sort());
    expect(users.every((u) => u.disabled === false)).toBe(true);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);
    const nurse = api(a.url, (await login(a.url, t.nurse2.email)).accessToken);
    expect((await nurse.get('/api/users')).status).toBe(403);
    expect((await nurse.post(`/api/users/${t.nurse.id}/disable`)).status).toBe(403);
  });

  it('disabling drops the nurse from her sockets on both instances at once, and refuses her from then on', async () => {
    const onA = await login(a.url, t.nurse.email);
    const onB = await login(b.url, t.nurse.email);
    const [socketA, socketB] = await Promise.all([station(a.url, onA.accessToken), station(b.url, onB.accessToken)]);
    const colleague = await station(b.url, (await login(b.url, t.nurse2.email)).accessToken);
    const [droppedA, droppedB, colleagueDropped] = [disconnected(socketA), disconnected(socketB), disconnected(colleague)];

    const started = performance.now();
    const disabled = await admin.post(`/api/users/${t.nurse.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(UserSummarySchema.parse(disabled.body)).toMatchObject({ id: t.nurse.id, disabled: true });
    // A generous wait for the event itself; the figure is printed, not asserted.
    await waitFor(() => droppedA.length > 0 && droppedB.length > 0, 'both of her sockets dropped', 5000);
    console.info(
      `[user-lifecycle] disable answered → socket dropped: same instance ${(droppedA[0]!.at - started).toFixed(0)} ms, ` +
        `other instance (through Redis) ${(droppedB[0]!.at - started).toFixed(0)} ms`,
    );
    expect(droppedA[0]!.reason).toBe('io server disconnect');
    expect(droppedB[0]!.reason).toBe('io server disconnect');

    const refusedLogin = await api(b.url).post('/api/auth/login', { email: t.nurse.email, password: PASSWORD });
    expect(refusedLogin.status).toBe(401);
    expect(refusedLogin.body).toMatchObject({ statusCode: 401, code: UserErrorCode.AccountDisabled });
    // A wrong password learns nothing about the account: the usual refusal, no code.
    const guess = await api(b.url).post('/api/auth/login', { email: t.nurse.email, password: 'not-her-password' });
    expect(guess.status).toBe(401);
    expect(guess.body.code).toBeUndefined();
    for (const session of [onA, onB]) {
      const refreshed = await api(a.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
      expect(refreshed.status).toBe(401);
      const call = await api(b.url, session.accessToken).get('/api/alerts');
      expect(call.status).toBe(401);
      expect(call.body.code).toBe(UserErrorCode.AccountDisabled);
    }
    await expect(connectStation(a.url, { auth: { token: onA.accessToken } })).rejects.toThrow('unauthorized');

    await settle();
    expect(colleague.connected).toBe(true);
    expect(colleagueDropped).toEqual([]);
    const listed = (await admin.get('/api/users')).body as { id: string; disabled: boolean }[];
    expect(listed.find((u) => u.id === t.nurse.id)?.disabled).toBe(true);
  });

  it('enabling restores sign-in (a new one: the sessions revoked by the disable stay revoked)', async () => {
    const before = await login(a.url, t.nurse2.email);
    expect((await admin.post(`/api/users/${t.nurse2.id}/disable`)).status).toBe(200);
    const enabled = await admin.post(`/api/users/${t.nurse2.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ id: t.nurse2.id, disabled: false });
    const session = await login(b.url, t.nurse2.email);
    expect((await api(b.url, session.accessToken).get('/api/alerts')).status).toBe(200);
    await station(a.url, session.accessToken);
    expect((await api(a.url).post('/api/auth/refresh', { refreshToken: before.refreshToken })).status).toBe(401);
  });

  it('refuses an admin disabling their own account (409 cannot_disable_self), and changes nothing', async () => {
    const self = await admin.post(`/api/users/${t.admin.id}/disable`);
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ statusCode: 409, code: UserErrorCode.CannotDisableSelf });
    expect((await admin.get('/api/users')).status).toBe(200);
  });

  it("answers another hospital's user id with 404 and changes nothing there", async () => {
    const victim = await login(a.url, other.nurse.email);
    for (const action of ['disable', 'enable']) {
      const response = await admin.post(`/api/users/${other.nurse.id}/${action}`);
      expect(response.status).toBe(404);
    }
    const reset = await admin.post(`/api/users/${other.nurse.id}/reset-password`, { password: NEW_PASSWORD });
    expect(reset.status).toBe(404);
    expect((await admin.post('/api/users/nobody-here/disable')).status).toBe(404);

    expect((await api(a.url).post('/api/auth/refresh', { refreshToken: victim.refreshToken })).status).toBe(200);
    expect((await login(b.url, other.nurse.email)).user.id).toBe(other.nurse.id);
    const theirs = api(a.url, (await login(a.url, other.admin.email)).accessToken);
    const listed = (await theirs.get('/api/users')).body as { id: string; disabled: boolean }[];
    expect(listed.find((u) => u.id === other.nurse.id)?.disabled).toBe(false);
    expect(listed.map((u) => u.id)).not.toContain(t.nurse.id);
  });

  it('resets a password under the policy and signs the user out of every station', async () => {
    const session = await login(a.url, t.agent.email);
    const weak = await admin.post(`/api/users/${t.agent.id}/reset-password`, { password: 'senha123456' });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/^password: /);
    const ownName = await admin.post(`/api/users/${t.agent.id}/reset-password`, { password: `${t.agent.email.split('@')[0]}-xyz` });
    expect(ownName.status).toBe(400);
    expect(ownName.body.message).toBe('password: must not contain the e-mail address');
    expect((await login(a.url, t.agent.email)).user.id).toBe(t.agent.id); // refused resets changed nothing

    const reset = await admin.post(`/api/users/${t.agent.id}/reset-password`, { password: NEW_PASSWORD });
    expect(reset.status).toBe(204);
    expect((await api(a.url).post('/api/auth/login', { email: t.agent.email, password: PASSWORD })).status).toBe(401);
    expect((await login(b.url, t.agent.email, NEW_PASSWORD)).user.id).toBe(t.agent.id);
    expect((await api(a.url).post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('logout revokes the whole family of the token, and answers an unknown token the same', async () => {
    const session = await login(a.url, t.admin.email);
    const rotated = await api(a.url).post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(rotated.status).toBe(200);
    // Signing out with the older token of the family still ends the session.
    const out = await fetch(`${b.url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(out.status).toBe(204);
    expect(await out.text()).toBe('');
    expect((await api(a.url).post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken })).status).toBe(401);
    expect((await api(a.url).post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);

    const [id] = rotated.body.refreshToken.split('.');
    for (const refreshToken of ['no-such-token', `${id}.not-its-secret`, `00000000-0000-4000-8000-000000000000.x`]) {
      expect((await api(a.url).post('/api/auth/logout', { refreshToken })).status).toBe(204);
    }
    expect((await api(a.url).post('/api/auth/logout', {})).status).toBe(400);
    // Another session of the same user is untouched.
    const second = await login(a.url, t.admin.email);
    expect((await api(a.url).post('/api/auth/logout', { refreshToken: `${second.refreshToken.split('.')[0]}.forged` })).status).toBe(204);
    expect((await api(a.url).post('/api/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(200);
  });
});
