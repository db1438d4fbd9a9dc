import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { record, request, settle, stationPool, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

describe('patients, patient rooms and throttled priority updates', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  let admin: ReturnType<typeof api>;
  let agent: ReturnType<typeof api>;
  let nurse: ReturnType<typeof api>;
  let nurseToken: string;
  let otherNurseToken: string;
  const stations = stationPool(() => server.url);
  const station = (token: string) => stations.open({ token });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
    admin = api(server.url, (await login(server.url, t.admin.email)).accessToken);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    nurseToken = (await login(server.url, t.nurse.email)).accessToken;
    nurse = api(server.url, nurseToken);
    otherNurseToken = (await login(server.url, other.nurse.email)).accessToken;
  });
  afterAll(async () => {
    stations.closeAll();
    await server?.close();
    await db?.drop();
  });

  it('emits new_patient and patient_status_change to the tenant only', async () => {
    const mine = await station(nurseToken);
    const theirs = await station(otherNurseToken);
    const added = record(mine, 'new_patient');
    const changed = record(mine, 'patient_status_change');
    const leaked = [record(theirs, 'new_patient'), record(theirs, 'patient_status_change')];

    const created = await admin.post('/api/patients', { id: 'leito-7', name: 'Ana Beatriz Lima', bed: '07', status: 'in_treatment' });
    expect(created.status).toBe(201);
    expect((await admin.post('/api/patients', { id: 'leito-7', name: 'Duplicada' })).status).toBe(409);
    expect((await nurse.post('/api/patients', { name: 'Sem permissão' })).status).toBe(403);
    const patched = await nurse.patch('/api/patients/leito-7', { status: 'hospitalized' });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('hospitalized');
    expect((await nurse.patch('/api/patients/leito-7', { status: '' })).status).toBe(400);
    expect((await nurse.patch('/api/patients/leito-7', { status: 'x'.repeat(41) })).status).toBe(400);

    await waitFor(() => added.length === 1 && changed.length === 1, 'patient events');
    expect(added[0]).toMatchObject({ patientId: 'leito-7', patientName: 'Ana Beatriz Lima', bed: '07', status: 'in_treatment' });
    expect(changed[0]).toMatchObject({ patientId: 'leito-7', oldStatus: 'in_treatment', newStatus: 'hospitalized', changedBy: t.nurse.id });
    await settle();
    expect(leaked.flat()).toHaveLength(0);
  });

  it("answers 404 for another tenant's patient over REST", async () => {
    const otherNurse = api(server.url, otherNurseToken);
    expect((await otherNurse.patch('/api/patients/leito-7', { status: 'discharged' })).status).toBe(404);
    expect((await otherNurse.get('/api/patients/leito-7')).status).toBe(404);
    expect((await nurse.get('/api/patients/leito-7')).body.status).toBe('hospitalized');
  });

  it("subscribes to own-tenant patients only; another tenant's patient is not_found", async () => {
    const socket = await station(nurseToken);
    expect(await request(socket, 'subscribe_patient', { patientId: t.patients[0]!.id })).toEqual({
      status: 'subscribed',
      patientId: t.patients[0]!.id,
    });
    expect(await request(socket, 'subscribe_patient', { patientId: other.patients[0]!.id })).toMatchObject({
      status: 'error',
      code: 'not_found',
    });
    expect(await request(socket, 'unsubscribe_patient', { patientId: t.patients[0]!.id })).toEqual({
      status: 'unsubscribed',
      patientId: t.patients[0]!.id,
    });
  });

  it('throttles priority_update per patient: the latest value wins, oldPriority is what stations last saw', async () => {
    const socket = await station(nurseToken);
    const updates = record(socket, 'priority_update');
    const patient = t.patients[1]!;
    const burst = ['low', 'medium', 'high', 'critical', 'medium'] as const;
    for (const severity of burst) await agent.post('/api/alerts', alertBody(patient, { severity }));

    const stored = async () => ((await nurse.get(`/api/patients/${patient.id}`)).body as { priority: number }).priority;
    await waitFor(() => updates.length >= 2, 'throttled priority updates', 5000);
    const final = await stored();
    await waitFor(() => updates.at(-1)?.newPriority === final, 'final priority to arrive', 5000);
    await settle(1200);

    // Five changes inside one throttle window: one immediate, then one carrying the latest value.
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatchObject({ patientId: patient.id, oldPriority: 0, patientName: patient.name });
    expect(updates[1]!.oldPriority).toBe(updates[0]!.newPriority);
    expect(updates[1]!.newPriority).toBe(final);
    expect(updates[1]!.category).toBe(final >= 75 ? 'critical' : 'high');
    const gap = Date.parse(updates[1]!.timestamp) - Date.parse(updates[0]!.timestamp);
    expect(gap).toBeGreaterThanOrEqual(900);
  });

  it('lists the worklist by priority', async () => {
    const list = (await nurse.get('/api/patients?sort=priority')).body as { id: string; priority: number }[];
    expect(list[0]!.id).toBe(t.patients[1]!.id);
    expect(list.map((p) => p.priority)).toEqual([...list.map((p) => p.priority)].sort((a, b) => b - a));
    expect((await nurse.get('/api/patients?sort=bogus')).status).toBe(400);
  });
});
