import type { AlertPayload, PatientResponse } from '@plantao/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { record, settle, type StationSocket, stationPool, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Issue #11, part 2: what an integration sends cannot put a wrong name on an
 * alarm, create a patient nobody can identify, or slip an unknown field
 * through; each refusal names the field and stores nothing.
 */
describe('integrator safety: refusals that name the field and store nothing', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  let agent: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;
  let otherAdmin: ReturnType<typeof api>;
  let socket: StationSocket;
  let alerts: AlertPayload[];
  let newPatients: unknown[];
  const stations = stationPool(() => server.url);

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { SWEEP_INTERVAL_MS: '0' } });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    admin = api(server.url, (await login(server.url, t.admin.email)).accessToken);
    otherAdmin = api(server.url, (await login(server.url, other.admin.email)).accessToken);
    socket = await stations.open({ token: (await login(server.url, t.nurse.email)).accessToken });
  });
  beforeEach(() => {
    alerts = record(socket, 'critical_alert');
    newPatients = record(socket, 'new_patient');
    return () => {
      socket.off('critical_alert');
      socket.off('new_patient');
    };
  });
  afterAll(async () => {
    stations.closeAll();
    await server?.close();
    await db?.drop();
  });

  const storedAlerts = async () => (await admin.get('/api/alerts?limit=1000')).body as AlertPayload[];
  const patients = async () => (await admin.get('/api/patients')).body as PatientResponse[];

  /** The refusal changed nothing: no alert stored (the next one takes the very next seq), none emitted. */
  async function expectNoAlertStored(before: AlertPayload[]) {
    await settle();
    expect(alerts).toEqual([]);
    expect(await storedAlerts()).toEqual(before);
    const next = await agent.post('/api/alerts', alertBody(t.patients[1]!, { message: 'sequência' }));
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe((before.at(-1)?.seq ?? 0) + 1);
    alerts.length = 0;
  }

  describe('POST /api/alerts', () => {
    it('refuses a patient the hospital does not have with 422 naming patientId', async () => {
      const before = await storedAlerts();
      const refused = await agent.post('/api/alerts', alertBody({ id: 'paciente-inexistente', name: 'Fulano de Tal' }));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        statusCode: 422,
        code: 'unknown_patient',
        details: [{ field: 'patientId', message: expect.stringContaining('paciente-inexistente') }],
      });
      expect(refused.body.message).toMatch(/^patientId: /);
      await expectNoAlertStored(before);
    });

    it("refuses another hospital's patient exactly like a missing one (nothing about it leaks)", async () => {
      const before = await storedAlerts();
      const foreign = other.patients[0]!;
      const refused = await agent.post('/api/alerts', alertBody(foreign));
      const missing = await agent.post('/api/alerts', alertBody({ id: 'x-missing', name: foreign.name }));
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('unknown_patient');
      expect(refused.body.message.replace(foreign.id, '<id>')).toBe(missing.body.message.replace('x-missing', '<id>'));
      expect(JSON.stringify(refused.body)).not.toContain(foreign.bed);
      await expectNoAlertStored(before);
    });

    it('refuses a patientName that disagrees with the record with 422 naming patientName', async () => {
      const before = await storedAlerts();
      const refused = await agent.post('/api/alerts', alertBody({ id: t.patients[0]!.id, name: 'José Carlos Pereira' }));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'patient_mismatch', details: [{ field: 'patientName' }] });
      expect(refused.body.message).toMatch(/^patientName: does not match the patient record \("Maria Aparecida Souza"\)/);
      await expectNoAlertStored(before);
    });

    it('refuses a metadata.bed that disagrees with the record with 422 naming metadata.bed', async () => {
      const before = await storedAlerts();
      const refused = await agent.post('/api/alerts', alertBody(t.patients[0]!, { metadata: { bed: '14B', source: 'hl7' } }));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'patient_mismatch', details: [{ field: 'metadata.bed' }] });
      await expectNoAlertStored(before);
    });

    it("shows the record's name and bed when the body only spells them differently (case, accents, spacing)", async () => {
      const maria = await agent.post(
        '/api/alerts',
        alertBody(t.patients[0]!, { patientName: '  MARIA   aparecida SOUZA ', metadata: { bed: '12a' } }),
      );
      const jose = await agent.post('/api/alerts', alertBody(t.patients[1]!, { patientName: 'JOSE CARLOS PEREIRA' }));
      expect([maria.status, jose.status]).toEqual([201, 201]);
      expect(maria.body).toMatchObject({ patientName: 'Maria Aparecida Souza', metadata: { bed: '12A' } });
      expect(jose.body.patientName).toBe('José Carlos Pereira');
      await waitFor(() => alerts.length === 2, 'both alerts');
      expect(alerts.map((a) => a.patientName)).toEqual(['Maria Aparecida Souza', 'José Carlos Pereira']);
    });

    it('refuses an unknown field with 400 invalid_payload naming it, and stores nothing', async () => {
      const before = await storedAlerts();
      const refused = await agent.post('/api/alerts', alertBody(t.patients[0]!, { bed: '12A', priority: 'alta' }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        statusCode: 400,
        code: 'invalid_payload',
        details: [
          { field: 'bed', message: 'unknown field' },
          { field: 'priority', message: 'unknown field' },
        ],
      });
      expect(refused.body.message).toBe('bed: unknown field; priority: unknown field');
      await expectNoAlertStored(before);
    });
  });

  describe('POST /api/patients and PATCH /api/patients/:id', () => {
    it('refuses a misspelled phone with 400 naming it instead of creating a patient nobody can identify', async () => {
      const before = await patients();
      const refused = await admin.post('/api/patients', { id: 'p-typo', name: 'Ana Beatriz Lima', bed: '03', phon: '5521998877665' });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid_payload', details: [{ field: 'phon', message: 'unknown field' }] });
      await settle();
      expect(newPatients).toEqual([]);
      expect(await patients()).toEqual(before);
      expect((await admin.get('/api/patients/p-typo')).status).toBe(404);
    });

    it('refuses a phone another patient of the hospital has with 409 phone_in_use, and stores nothing', async () => {
      expect((await admin.post('/api/patients', { id: 'p-ana', name: 'Ana Beatriz Lima', phone: '5521998877665' })).status).toBe(201);
      const before = await patients();
      newPatients.length = 0;
      const refused = await agent.post('/api/patients', { id: 'p-ana-2', name: 'Ana B. Lima', phone: '5521998877665' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'phone_in_use', details: [{ field: 'phone' }] });
      expect(refused.body.message).toMatch(/^phone: already used by patient p-ana/);
      await settle();
      expect(newPatients).toEqual([]);
      expect(await patients()).toEqual(before);
      // Another hospital may register the same number.
      expect((await otherAdmin.post('/api/patients', { name: 'Ana Beatriz Lima', phone: '5521998877665' })).status).toBe(201);
    });

    it('lets exactly one of many concurrent registrations of one phone through', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          admin.post('/api/patients', { id: `p-race-${i}`, name: `Paciente ${i}`, phone: '5511900001111' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(11).fill(409)]);
      expect((await patients()).filter((p) => p.phone === '5511900001111')).toHaveLength(1);
    });

    it('answers a taken id with 409 patient_exists', async () => {
      const refused = await admin.post('/api/patients', { id: t.patients[0]!.id, name: 'Outra' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'patient_exists', details: [{ field: 'id' }] });
    });

    it('refuses any key but status on PATCH, changing nothing', async () => {
      const before = (await admin.get(`/api/patients/${t.patients[1]!.id}`)).body as PatientResponse;
      const refused = await admin.patch(`/api/patients/${t.patients[1]!.id}`, { status: 'discharged', name: 'Outro Nome' });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([{ field: 'name', message: 'unknown field' }]);
      expect((await admin.get(`/api/patients/${t.patients[1]!.id}`)).body).toEqual(before);
    });

    it('still ignores tenantId and userId in a body, as contract v1 says (the token decides)', async () => {
      const created = await admin.post('/api/patients', {
        id: 'p-forged',
        name: 'Paciente Forjado',
        tenantId: other.tenantId,
        userId: 'x',
      });
      expect(created.status).toBe(201);
      expect((await admin.get('/api/patients/p-forged')).status).toBe(200);
      expect((await otherAdmin.get('/api/patients/p-forged')).status).toBe(404);
    });
  });

  describe('other bodies', () => {
    it('refuses unknown keys in settings, ingest, reply and sign-in bodies, naming them', async () => {
      const settings = (await admin.get('/api/tenant/settings')).body;
      const put = await admin.put('/api/tenant/settings', { noResponseHour: 1 });
      expect(put.status).toBe(400);
      expect(put.body.details).toEqual([{ field: 'noResponseHour', message: 'unknown field' }]);
      expect((await admin.get('/api/tenant/settings')).body).toEqual(settings);

      const ingest = await agent.post('/api/conversations/messages', {
        messageId: 'm-extra',
        conversationId: 'c-extra',
        patientId: t.patients[0]!.id,
        content: 'estou com febre de 39',
        sender: 'patient',
        channel: 'sms',
      });
      expect(ingest.status).toBe(400);
      expect(ingest.body.details).toEqual([{ field: 'channel', message: 'unknown field' }]);
      expect((await admin.get('/api/conversations')).body).toEqual([]);

      const signIn = await api(server.url).post('/api/auth/login', { email: t.nurse.email, password: 'x', remember: true });
      expect(signIn.status).toBe(400);
      expect(signIn.body.message).toContain('remember: unknown field');
    });
  });

  describe("Plantão's own raisers", () => {
    it('still alarm for a contact with no patient record (internal path, not the REST door)', async () => {
      const ingest = await agent.post('/api/conversations/messages', {
        messageId: 'm-unidentified',
        conversationId: 'c-unidentified',
        patientId: 'contato-sem-cadastro',
        content: 'estou com muita falta de ar, não consigo respirar',
        sender: 'paciente',
      });
      expect(ingest.status).toBe(201);
      expect(ingest.body.triage).toMatchObject({ severity: 'critical' });
      await waitFor(() => alerts.length === 1, 'triage alert');
      expect(alerts[0]).toMatchObject({ patientId: 'contato-sem-cadastro', severity: 'critical', type: 'critical_symptom' });
    });
  });
});
