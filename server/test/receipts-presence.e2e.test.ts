import type { AlertPayload, AlertUpdatedPayload, PresenceResponse } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { connectStation, record, request, settle, type StationSocket, waitFor } from './support/socket-client';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { createTestDatabase, REDIS_URL, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Issue #9: stations confirm every alert they get (live or replayed) and the
 * server records one `delivered` per station; the server knows which stations
 * are online, across instances, and forgets those of an instance killed -9.
 */
describe('delivery receipts and presence', () => {
  let db: TestDatabase;
  let a: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  const sockets: StationSocket[] = [];
  const presenceEnv = { PRESENCE_HEARTBEAT_MS: '300', PRESENCE_TTL_SECONDS: '2', PRESENCE_CHECK_MS: '200', ESCALATION_CHECK_MS: '0' };

  const identity = (name: string) => ({ id: `station-${name}`, name, host: `${name}.hospital.local`, appVersion: '1.4.0' });
  async function station(server: { url: string }, email: string, name?: string, lastSeq?: number): Promise<StationSocket> {
    const token = (await login(server.url, email)).accessToken;
    const auth = { token, ...(name ? { station: identity(name) } : {}), ...(lastSeq === undefined ? {} : { lastSeq }) };
    const socket = await connectStation(server.url, { auth });
    sockets.push(socket);
    return socket;
  }
  const post = async (fixture: TenantFixture, message: string) => {
    const agent = api(a.url, (await login(a.url, fixture.agent.email)).accessToken);
    return (await agent.post('/api/alerts', alertBody(fixture.patients[0]!, { message }))).body as AlertPayload;
  };
  const deliveries = async (alertId: string) => {
    const admin = api(a.url, (await login(a.url, t.admin.email)).accessToken);
    const trail = (await admin.get(`/api/alerts/${alertId}/audit`)).body as { action: string; stationId?: string; stationName?: string }[];
    return trail.filter((entry) => entry.action === 'delivered');
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestServer({ databaseUrl: db.url, env: { REDIS_URL, ...presenceEnv } });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await db?.drop();
  });

  it('a live alert: one receipt per station, repeats change nothing, the count reaches every station once per change', async () => {
    const one = await station(a, t.nurse.email, 'posto-1');
    const two = await station(a, t.nurse2.email, 'posto-2');
    const updates = record(one, 'alert_updated');
    const alert = await post(t, 'receipt live');
    expect(await request(one, 'alert_delivered', { alertIds: [alert.id] })).toEqual({ status: 'ok' });
    expect(await request(one, 'alert_delivered', { alertIds: [alert.id, alert.id] })).toEqual({ status: 'ok' });
    expect(await request(two, 'alert_delivered', { alertIds: [alert.id] })).toEqual({ status: 'ok' });

    const rows = await deliveries(alert.id);
    expect(rows.map((r) => [r.stationId, r.stationName]).sort()).toEqual([
      ['station-posto-1', 'posto-1'],
      ['station-posto-2', 'posto-2'],
    ]);
    await waitFor(() => updates.some((u: AlertUpdatedPayload) => u.alertId === alert.id && u.deliveredTo === 2), 'count 2 announced');
    await settle(1_500);
    // Coalesced: the two receipts in the same second make at most two updates, never one per station per station.
    expect(updates.filter((u) => u.alertId === alert.id).length).toBeLessThanOrEqual(2);
    const synced = await request(one, 'sync', { afterSeq: alert.seq - 1 });
    expect(synced.status === 'ok' && synced.alerts[0]).toMatchObject({ id: alert.id, deliveredTo: 2 });
  });

  it('replayed alerts are confirmed too; unknown and other-hospital ids are ignored; a socket without a station identity is told why', async () => {
    const alerts = [await post(t, 'replay 1'), await post(t, 'replay 2')];
    const foreign = await post(other, 'outro hospital');
    const replayed: AlertPayload[] = [];
    const token = (await login(a.url, t.nurse.email)).accessToken;
    const late = await connectStation(a.url, {
      auth: { token, station: identity('posto-3'), lastSeq: alerts[0]!.seq - 1 },
      before: (socket) => socket.on('critical_alert', (alert) => replayed.push(alert)),
    });
    sockets.push(late);
    await waitFor(() => replayed.length >= 2, 'replay');
    const ids = [...replayed.map((r) => r.id), foreign.id, 'no-such-alert'];
    expect(await request(late, 'alert_delivered', { alertIds: ids })).toEqual({ status: 'ok' });
    for (const alert of alerts) expect((await deliveries(alert.id)).map((r) => r.stationName)).toEqual(['posto-3']);
    const adminOther = api(a.url, (await login(a.url, other.admin.email)).accessToken);
    const foreignTrail = (await adminOther.get(`/api/alerts/${foreign.id}/audit`)).body as { action: string }[];
    expect(foreignTrail.filter((e) => e.action === 'delivered')).toHaveLength(0);

    const integration = await station(a, t.nurse.email);
    const refused = await request(integration, 'alert_delivered', { alertIds: [alerts[0]!.id] });
    expect(refused).toMatchObject({ status: 'error', code: 'invalid_payload' });
    expect(await request(integration, 'alert_delivered', { alertIds: [] })).toMatchObject({ status: 'error', code: 'invalid_payload' });
  });

  it('presence across two instances: GET /api/presence lists each station once, counts reach the stations, a kill -9 expires', async () => {
    const tenant = await seedTenant(db.url);
    const b: SpawnedServer = await spawnServer({ DATABASE_URL: db.url, REDIS_URL, ...presenceEnv });
    try {
      const onA = await station(a, tenant.nurse.email, 'posto-a');
      const countsA = record(onA, 'presence_update');
      const onB = await station(b, tenant.nurse2.email, 'posto-b');
      // The same PC reconnecting (a second socket with the same id) is still one station.
      await station(b, tenant.nurse2.email, 'posto-b');
      // Not a station: no identity, not counted.
      await station(a, tenant.admin.email);
      const nurse = api(a.url, (await login(a.url, tenant.nurse.email)).accessToken);
      const listed = (await nurse.get('/api/presence')).body as PresenceResponse;
      expect(listed.stationsOnline).toBe(2);
      expect(listed.stations.map((s) => [s.stationId, s.name, s.host, s.appVersion, s.userId]).sort()).toEqual([
        ['station-posto-a', 'posto-a', 'posto-a.hospital.local', '1.4.0', tenant.nurse.id],
        ['station-posto-b', 'posto-b', 'posto-b.hospital.local', '1.4.0', tenant.nurse2.id],
      ]);
      expect(listed.stations.every((s) => typeof s.userName === 'string' && !Number.isNaN(Date.parse(s.since)))).toBe(true);
      await waitFor(() => countsA.at(-1)?.stationsOnline === 2, 'station on A told there are 2');
      const agent = api(a.url, (await login(a.url, tenant.agent.email)).accessToken);
      expect((await agent.get('/api/presence')).status).toBe(403);
      const otherNurse = api(a.url, (await login(a.url, other.nurse.email)).accessToken);
      expect(((await otherNurse.get('/api/presence')).body as PresenceResponse).stations.map((s) => s.stationId)).not.toContain(
        'station-posto-a',
      );

      onB.close();
      await b.kill9();
      await waitFor(() => countsA.at(-1)?.stationsOnline === 1, 'the killed instance’s station expired', 15_000);
      const after = (await nurse.get('/api/presence')).body as PresenceResponse;
      expect(after.stations.map((s) => s.stationId)).toEqual(['station-posto-a']);
    } finally {
      await b.kill9().catch(() => undefined);
    }
  });
});
