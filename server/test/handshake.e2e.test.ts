import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/token.service';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { connectStation, record, request, settle, stationPool, waitFor } from './support/socket-client';
import { TEST_JWT_SECRET } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const key = new TextEncoder().encode(TEST_JWT_SECRET);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('socket handshake: the token is verified before the connection is accepted', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  const stations = stationPool(() => server.url);
  const open = stations.open;
  const refusal = (auth: Record<string, unknown>) =>
    connectStation(server.url, { auth }).then(
      (s) => {
        s.close();
        return 'connected';
      },
      (error: Error) => error.message,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
  });
  afterAll(async () => {
    stations.closeAll();
    await server?.close();
    await db?.drop();
  });

  it('refuses a missing token, a bad signature, alg none and an expired token', async () => {
    expect(await refusal({})).toBe('unauthorized');
    const forged = await new SignJWT({ tenantId: t.tenantId, role: 'nurse' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(t.nurse.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-some-other-secret-xx'));
    expect(await refusal({ token: forged })).toBe('unauthorized');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: t.nurse.id, tenantId: t.tenantId, role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    expect(await refusal({ token: none })).toBe('unauthorized');
    const expired = await new SignJWT({ tenantId: t.tenantId, role: 'nurse' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(t.nurse.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    expect(await refusal({ token: expired })).toBe('token_expired');
    expect(await refusal({ token: 'not.a.jwt' })).toBe('unauthorized');
  });

  it('ignores a forged tenantId in auth: the room comes from the token', async () => {
    const nurse = await login(server.url, t.nurse.email);
    const spy = await open({ token: nurse.accessToken, tenantId: other.tenantId, userId: other.nurse.id });
    const received = record(spy, 'critical_alert');
    const otherAgent = await login(server.url, other.agent.email);
    const ownAgent = await login(server.url, t.agent.email);
    await api(server.url, otherAgent.accessToken).post('/api/alerts', alertBody(other.patients[0]!, { message: 'outro hospital' }));
    await api(server.url, ownAgent.accessToken).post('/api/alerts', alertBody(t.patients[0]!, { message: 'meu hospital' }));
    await waitFor(() => received.length >= 1, 'own tenant alert');
    await settle();
    expect(received.map((a) => a.message)).toEqual(['meu hospital']);
    expect(received[0]!.tenantId).toBe(t.tenantId);
  });

  it('disconnects a socket at token expiry unless refresh_token arrived in time', async () => {
    const tokens = server.app.get(TokenService);
    const user = { id: t.nurse.id, tenantId: t.tenantId, role: 'nurse' as const };
    const shortLived = await tokens.signAccessToken(user, 2);
    const lapsing = await open({ token: shortLived.token });
    const refreshed = await open({ token: (await tokens.signAccessToken(user, 2)).token });
    const renewed = await tokens.signAccessToken(user, 60);
    const ack = await request(refreshed, 'refresh_token', { token: renewed.token });
    expect(ack).toEqual({ status: 'ok', exp: renewed.exp });

    await waitFor(() => lapsing.disconnected, 'expired socket to be disconnected', 8000);
    await settle(500);
    expect(refreshed.connected).toBe(true);
  });

  it('refuses a refresh_token for another user or tenant, and a bad token', async () => {
    const nurse = await login(server.url, t.nurse.email);
    const socket = await open({ token: nurse.accessToken });
    const otherUser = await login(server.url, t.nurse2.email);
    expect(await request(socket, 'refresh_token', { token: otherUser.accessToken })).toMatchObject({ status: 'error', code: 'forbidden' });
    const otherTenant = await login(server.url, other.nurse.email);
    expect(await request(socket, 'refresh_token', { token: otherTenant.accessToken })).toMatchObject({
      status: 'error',
      code: 'forbidden',
    });
    expect(await request(socket, 'refresh_token', { token: 'x.y.z' })).toMatchObject({ status: 'error', code: 'unauthorized' });
    expect(await request(socket, 'refresh_token', { nope: true })).toMatchObject({ status: 'error', code: 'invalid_payload' });
    expect(socket.connected).toBe(true);
  });
});
