import type { AlertPayload } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { connectStation, record, request, settle, type StationSocket, waitFor } from './support/socket-client';
import { createTestDatabase, REDIS_URL, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

describe('scale-out: two instances, one database, one Redis', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  const sockets: StationSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestServer({ databaseUrl: db.url, env: { REDIS_URL } });
    b = await startTestServer({ databaseUrl: db.url, env: { REDIS_URL } });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('a station on A receives an alert posted to B; its ack on A reaches a station on B', async () => {
    const nurseToken = (await login(a.url, t.nurse.email)).accessToken;
    const onA = await connectStation(a.url, { auth: { token: nurseToken } });
    const onB = await connectStation(b.url, { auth: { token: (await login(b.url, t.nurse2.email)).accessToken } });
    const otherOnA = await connectStation(a.url, { auth: { token: (await login(a.url, other.nurse.email)).accessToken } });
    sockets.push(onA, onB, otherOnA);
    const alertsOnA = record(onA, 'critical_alert');
    const updatesOnB = record(onB, 'alert_updated');
    const leaked = record(otherOnA, 'critical_alert');

    const agentB = api(b.url, (await login(b.url, t.agent.email)).accessToken);
    const created = (await agentB.post('/api/alerts', alertBody(t.patients[0]!))).body as AlertPayload;
    await waitFor(() => alertsOnA.length === 1, 'alert relayed through Redis');
    expect(alertsOnA[0]!.id).toBe(created.id);

    expect(await request(onA, 'ack_alert', { alertId: created.id })).toEqual({ status: 'ok' });
    await waitFor(() => updatesOnB.length === 1, 'alert_updated relayed through Redis');
    expect(updatesOnB[0]).toMatchObject({ alertId: created.id, acknowledgedBy: t.nurse.id });
    await settle();
    expect(leaked).toHaveLength(0);
  });

  it('interleaved posts to both instances keep one gap-free sequence, and replay works from either', async () => {
    const agentA = api(a.url, (await login(a.url, t.agent.email)).accessToken);
    const agentB = api(b.url, (await login(b.url, t.agent.email)).accessToken);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? agentA : agentB).post('/api/alerts', alertBody(t.patients[1]!, { message: `par ${i}` })),
      ),
    );
    const nurseToken = (await login(b.url, t.nurse.email)).accessToken;
    for (const server of [a, b]) {
      let replayed: AlertPayload[] = [];
      const socket = await connectStation(server.url, {
        auth: { token: nurseToken, lastSeq: 0 },
        before: (s) => (replayed = record(s, 'critical_alert')),
      });
      sockets.push(socket);
      await waitFor(() => replayed.length === 41, `replay from ${server.url}`);
      expect(replayed.map((r) => r.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    }
  });

  it('reports Redis in /health', async () => {
    const health = await api(a.url).get('/health');
    expect(health.body).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
  });
});
