import { StaffMemberSchema, StationConfigSchema } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * What a station reads besides alerts (issue #7): colleagues' names for
 * "Lida por …", the hospital's alarm window and time zone, and who did what
 * to an alert, by name. Each scoped to the caller's hospital.
 */
describe('station directory: staff names, station config, audit with names', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let other: TenantFixture;
  let nurse: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;
  let agent: ReturnType<typeof api>;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
    [t, other] = await Promise.all([seedTenant(db.url), seedTenant(db.url)]);
    nurse = api(server.url, (await login(server.url, t.nurse.email)).accessToken);
    admin = api(server.url, (await login(server.url, t.admin.email)).accessToken);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it("lists the hospital's staff by name for any role, without e-mails or other hospitals", async () => {
    for (const caller of [nurse, agent, admin]) {
      const answer = await caller.get('/api/staff');
      expect(answer.status).toBe(200);
      const staff = StaffMemberSchema.array().parse(answer.body);
      expect(staff.map((member) => member.id).sort()).toEqual([t.admin.id, t.agent.id, t.nurse.id, t.nurse2.id].sort());
      expect(JSON.stringify(answer.body)).not.toContain('@');
      expect(JSON.stringify(answer.body)).not.toContain(other.nurse.id);
    }
    expect((await api(server.url).get('/api/staff')).status).toBe(401);
  });

  it('gives every station the alarm window and time zone (defaults 12 h, America/Sao_Paulo); admins change them', async () => {
    expect(StationConfigSchema.parse((await nurse.get('/api/station/config')).body)).toEqual({
      alarmWindowHours: 12,
      timeZone: 'America/Sao_Paulo',
    });
    const put = (body: unknown) => admin.put('/api/tenant/settings', body);
    expect((await put({ alarmWindowHours: 6, timeZone: 'America/Manaus' })).status).toBe(200);
    expect((await nurse.get('/api/station/config')).body).toEqual({ alarmWindowHours: 6, timeZone: 'America/Manaus' });
    // Another hospital keeps its defaults.
    const otherNurse = api(server.url, (await login(server.url, other.nurse.email)).accessToken);
    expect((await otherNurse.get('/api/station/config')).body).toEqual({ alarmWindowHours: 12, timeZone: 'America/Sao_Paulo' });
  });

  it('refuses a bad alarm window or an unknown time zone, naming the field, and changes nothing', async () => {
    const put = (body: unknown) => admin.put('/api/tenant/settings', body);
    const zone = await put({ timeZone: 'Mars/Olympus_Mons' });
    expect(zone.status).toBe(400);
    expect(JSON.stringify(zone.body)).toContain('timeZone');
    const window = await put({ alarmWindowHours: 0 });
    expect(window.status).toBe(400);
    expect(JSON.stringify(window.body)).toContain('alarmWindowHours');
    expect((await nurse.get('/api/station/config')).body).toEqual({ alarmWindowHours: 6, timeZone: 'America/Manaus' });
  });

  it('names who read and acknowledged an alert in its audit', async () => {
    const created = await agent.post('/api/alerts', alertBody(t.patients[0]!));
    expect(created.status).toBe(201);
    await nurse.post(`/api/alerts/${created.body.id}/read`);
    await nurse.post(`/api/alerts/${created.body.id}/ack`);
    const audit = await nurse.get(`/api/alerts/${created.body.id}/audit`);
    expect(audit.status).toBe(200);
    const names = (await nurse.get('/api/staff')).body as { id: string; name: string }[];
    const nurseName = names.find((member) => member.id === t.nurse.id)?.name;
    expect(audit.body.map((row: { action: string; userName: string; userId: string }) => [row.action, row.userId, row.userName])).toEqual([
      ['read', t.nurse.id, nurseName],
      ['ack', t.nurse.id, nurseName],
    ]);
  });
});
