import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { record, request, settle, stationPool, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

describe('alerts: durable log, seq, idempotency, read/ack state and isolation', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  let agent: ReturnType<typeof api>;
  let nurse: ReturnType<typeof api>;
  let nurseToken: string;
  let otherAgent: ReturnType<typeof api>;
  const stations = stationPool(() => server.url);
  const station = (token: string) => stations.open({ token });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    nurseToken = (await login(server.url, t.nurse.email)).accessToken;
    nurse = api(server.url, nurseToken);
    otherAgent = api(server.url, (await login(server.url, other.agent.email)).accessToken);
  });
  afterAll(async () => {
    stations.closeAll();
    await server?.close();
    await db?.drop();
  });

  it('stores an alert with id, seq and timestamp, then emits it to the tenant room', async () => {
    const socket = await station(nurseToken);
    const received = record(socket, 'critical_alert');
    const created = await agent.post('/api/alerts', alertBody(t.patients[0]!, { metadata: { bed: '12A' } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      seq: expect.any(Number),
      timestamp: expect.any(String),
      readBy: [],
      metadata: { bed: '12A' },
    });
    await waitFor(() => received.length === 1, 'critical_alert');
    expect(received[0]).toEqual(created.body);
    const listed = await nurse.get(`/api/alerts?afterSeq=${created.body.seq - 1}`);
    expect(listed.body[0]).toEqual(created.body);
  });

  it('returns the existing alert for a repeated externalId (200) and emits nothing', async () => {
    const socket = await station(nurseToken);
    const received = record(socket, 'critical_alert');
    const body = alertBody(t.patients[0]!, { externalId: 'agent-msg-42' });
    const first = await agent.post('/api/alerts', body);
    const again = await agent.post('/api/alerts', { ...body, message: 'retry of the same alert' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.seq).toBe(first.body.seq);
    await settle();
    expect(received.map((a) => a.id)).toEqual([first.body.id]);
    // The same externalId in another tenant is another alert.
    expect((await otherAgent.post('/api/alerts', alertBody(other.patients[0]!, { externalId: 'agent-msg-42' }))).status).toBe(201);
  });

  it('gives 200 concurrent posts (some sharing externalIds) unique, gap-free seqs per tenant', async () => {
    const before = (await nurse.get('/api/alerts?afterSeq=0&limit=1000')).body.length;
    const posts = Array.from({ length: 200 }, (_, i) =>
      agent.post(
        '/api/alerts',
        alertBody(t.patients[i % 2]!, {
          severity: 'medium',
          message: `carga ${i}`,
          ...(i % 10 === 0 ? { externalId: `dup-${i % 20}` } : {}),
        }),
      ),
    );
    const otherPosts = Array.from({ length: 20 }, (_, i) =>
      otherAgent.post('/api/alerts', alertBody(other.patients[0]!, { message: `outro ${i}` })),
    );
    const results = await Promise.all([...posts, ...otherPosts]);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);

    const all = (await nurse.get('/api/alerts?afterSeq=0&limit=1000')).body as { seq: number; tenantId: string }[];
    const distinct = new Set(results.slice(0, 200).map((r) => r.body.id)).size;
    expect(all).toHaveLength(before + distinct);
    expect(all.map((a) => a.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.every((a) => a.tenantId === t.tenantId)).toBe(true);

    const otherAll = (await api(server.url, (await login(server.url, other.nurse.email)).accessToken).get('/api/alerts?limit=1000'))
      .body as { seq: number }[];
    expect(otherAll.map((a) => a.seq)).toEqual(otherAll.map((_, i) => i + 1));
  });

  it('keeps read and acknowledgement per user, broadcasts alert_updated, and audits who did what', async () => {
    const created = (await agent.post('/api/alerts', alertBody(t.patients[1]!))).body;
    const watcher = await station(nurseToken);
    const updates = record(watcher, 'alert_updated');
    const nurse2Token = (await login(server.url, t.nurse2.email)).accessToken;
    const nurse2Socket = await station(nurse2Token);

    expect((await nurse.post(`/api/alerts/${created.id}/read`)).status).toBe(200);
    expect(await request(nurse2Socket, 'ack_alert', { alertId: created.id })).toEqual({ status: 'ok' });
    await waitFor(() => updates.length === 2, 'two alert_updated');
    expect(updates[0]).toEqual({
      alertId: created.id,
      seq: created.seq,
      readBy: [t.nurse.id],
      readAt: { [t.nurse.id]: expect.any(String) },
    });
    // Reading and acknowledging are both reads: each reader keeps their own first read time.
    expect(Object.keys(updates[1]?.readAt ?? {}).sort()).toEqual([t.nurse.id, t.nurse2.id].sort());
    expect(updates[1]?.readAt?.[t.nurse.id]).toBe(updates[0]?.readAt?.[t.nurse.id]);
    expect(updates[1]).toMatchObject({
      alertId: created.id,
      seq: created.seq,
      readBy: [t.nurse.id, t.nurse2.id],
      acknowledgedBy: t.nurse2.id,
      acknowledgedAt: expect.any(String),
    });

    // A later ack by someone else does not overwrite the clinical acknowledgement.
    await nurse.post(`/api/alerts/${created.id}/ack`);
    const listed = (await nurse.get(`/api/alerts?afterSeq=${created.seq - 1}&limit=1`)).body[0];
    expect(listed.acknowledgedBy).toBe(t.nurse2.id);

    const audit = (await nurse.get(`/api/alerts/${created.id}/audit`)).body as { userId: string; action: string }[];
    expect(audit.map((a) => [a.userId, a.action])).toEqual([
      [t.nurse.id, 'read'],
      [t.nurse2.id, 'ack'],
      [t.nurse.id, 'ack'],
    ]);
  });

  it("answers 404 for another tenant's alert over REST and not_found over the socket, changing nothing", async () => {
    const foreign = (await otherAgent.post('/api/alerts', alertBody(other.patients[0]!))).body;
    expect((await nurse.post(`/api/alerts/${foreign.id}/read`)).status).toBe(404);
    expect((await nurse.post(`/api/alerts/${foreign.id}/ack`)).body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const socket = await station(nurseToken);
    expect(await request(socket, 'ack_alert', { alertId: foreign.id })).toMatchObject({ status: 'error', code: 'not_found' });
    expect(await request(socket, 'mark_alert_read', { alertId: foreign.id })).toMatchObject({ status: 'error', code: 'not_found' });
    const otherNurse = api(server.url, (await login(server.url, other.nurse.email)).accessToken);
    const seen = (
      (await otherNurse.get(`/api/alerts?afterSeq=${foreign.seq - 1}&limit=1`)).body as { readBy: string[]; acknowledgedBy?: string }[]
    )[0]!;
    expect(seen.readBy).toEqual([]);
    expect(seen.acknowledgedBy).toBeUndefined();
  });

  it('validates REST bodies (400 naming the field, 413 when too large) and stores nothing', async () => {
    const before = (await nurse.get('/api/alerts?limit=1000')).body.length;
    const bad = await agent.post('/api/alerts', { ...alertBody(t.patients[0]!), severity: 'apocalyptic' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('severity');
    expect((await agent.post('/api/alerts', '{"patientId": ')).status).toBe(400);
    const huge = await agent.post('/api/alerts', alertBody(t.patients[0]!, { metadata: { blob: 'x'.repeat(400_000) } }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect((await agent.post('/api/alerts?x=1', alertBody(t.patients[0]!, { message: '' }))).status).toBe(400);
    expect((await nurse.get('/api/alerts?afterSeq=-1')).status).toBe(400);
    expect((await nurse.get('/api/alerts?limit=1000')).body.length).toBe(before);
  });

  it('answers invalid socket payloads with invalid_payload and keeps serving the socket', async () => {
    const socket = await station(nurseToken);
    const received = record(socket, 'critical_alert');
    for (const [event, payload] of [
      ['ack_alert', {}],
      ['ack_alert', 'not an object'],
      ['mark_alert_read', { alertId: 42 }],
      ['sync', { afterSeq: -5 }],
      ['subscribe_patient', null],
      ['unsubscribe_patient', { patientId: '' }],
    ] as const) {
      expect(await request(socket, event, payload)).toMatchObject({
        status: 'error',
        code: 'invalid_payload',
        message: expect.any(String),
      });
    }
    expect(socket.connected).toBe(true);
    await agent.post('/api/alerts', alertBody(t.patients[0]!, { message: 'ainda conectado' }));
    await waitFor(() => received.some((a) => a.message === 'ainda conectado'), 'alert after bad payloads');
    const sync = await request(socket, 'sync', { afterSeq: 0 });
    expect(sync.status).toBe('ok');
  });
});
