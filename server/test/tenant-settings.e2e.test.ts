import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, seedTenant } from './support/fixtures';
import { HttpStandIn } from './support/http-stand-in';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/** What Meta answers `GET /{phone_number_id}`: 200 with the id only for the ids each token may read. */
const OWNED: Record<string, string[]> = {
  'Bearer token-hospital-a': ['5500000000001'],
  'Bearer token-hospital-b': ['5500000000002'],
  'Bearer token-hospital-c': ['5500000000001', '5500000000002', '5500000000003'],
  'Bearer server-default-token': ['5500000000009'],
};

describe('tenant settings: WhatsApp number ownership and triage extensions', () => {
  let db: TestDatabase;
  let server: TestServer;
  let meta: HttpStandIn;
  const admins: ReturnType<typeof api>[] = [];
  const tenants: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    meta = new HttpStandIn();
    meta.respond = ({ method, url, headers }) => {
      const id = url.slice(1);
      if (method !== 'GET') return { status: 405, body: {} };
      if (id === '5500000000404') return { status: 200, body: { id: '5599999999999' } }; // someone else's number
      return OWNED[String(headers.authorization)]?.includes(id)
        ? { status: 200, body: { id, display_phone_number: '+55 11 4002-8922', verified_name: 'Hospital' } }
        : { status: 400, body: { error: { message: 'Unsupported get request', code: 100 } } };
    };
    server = await startTestServer({
      databaseUrl: db.url,
      env: { WHATSAPP_API_BASE_URL: await meta.start(), WHATSAPP_ACCESS_TOKEN: 'server-default-token', SWEEP_INTERVAL_MS: '0' },
    });
    for (let i = 0; i < 3; i++) {
      const t = await seedTenant(db.url);
      tenants.push(t.tenantId);
      admins.push(api(server.url, (await login(server.url, t.admin.email)).accessToken));
    }
  });
  afterAll(async () => {
    await server?.close();
    await meta?.stop();
    await db?.drop();
  });

  it('routes a number only once the Cloud API confirms it for the hospital token', async () => {
    const [a] = admins;
    const put = await a!.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000001', whatsappAccessToken: 'token-hospital-a' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ whatsappPhoneNumberId: '5500000000001', whatsappAccessTokenSet: true });
    const check = meta.requests.at(-1)!;
    expect(check).toMatchObject({ method: 'GET', url: '/5500000000001' });
    expect(check.headers.authorization).toBe('Bearer token-hospital-a');
    // Re-saving uses the stored token.
    expect((await a!.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000001' })).status).toBe(200);
    expect(meta.requests.at(-1)!.headers.authorization).toBe('Bearer token-hospital-a');
  });

  it('refuses an unverified number (denied, wrong id, unreachable) and changes nothing', async () => {
    const b = admins[1]!;
    expect(
      (await b.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000002', whatsappAccessToken: 'token-hospital-b' })).status,
    ).toBe(200);
    const before = (await b.get('/api/tenant/settings')).body;
    for (const body of [
      { whatsappPhoneNumberId: '5500000000001', noResponseHours: 9 }, // not readable with B's token
      { whatsappPhoneNumberId: '5500000000404', noResponseHours: 9 }, // the API answers another id
      { whatsappPhoneNumberId: '5500000000003', whatsappAccessToken: 'token-nobody-knows', noResponseHours: 9 },
    ]) {
      const refused = await b.put('/api/tenant/settings', body);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain('whatsappPhoneNumberId');
      expect(refused.body.message).not.toMatch(/token-hospital|Unsupported get request/);
    }
    expect((await b.get('/api/tenant/settings')).body).toEqual(before);
    // The server default token is used when the hospital has none.
    const c = admins[2]!;
    expect((await c.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000009' })).status).toBe(200);
    expect(meta.requests.at(-1)!.headers.authorization).toBe('Bearer server-default-token');
  });

  it('answers a taken number with the same words whoever holds it, naming no hospital', async () => {
    const c = admins[2]!;
    expect((await c.put('/api/tenant/settings', { whatsappAccessToken: 'token-hospital-c' })).status).toBe(200);
    const takenFromA = await c.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000001' });
    const takenFromB = await c.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000002' });
    expect(takenFromA.status).toBe(400);
    expect(takenFromB.status).toBe(takenFromA.status);
    expect(takenFromB.body).toEqual(takenFromA.body);
    expect(takenFromA.body.message).toContain('whatsappPhoneNumberId');
    for (const id of tenants) expect(JSON.stringify(takenFromA.body)).not.toContain(id);
    expect(JSON.stringify(takenFromA.body)).not.toMatch(/Hospital [0-9a-f]{8}/);
    expect((await c.get('/api/tenant/settings')).body.whatsappPhoneNumberId).toBe('5500000000009');
    // A number no one holds is connected with the same token.
    expect((await c.put('/api/tenant/settings', { whatsappPhoneNumberId: '5500000000003' })).status).toBe(200);
  });

  it('refuses a triage extension that silences a base critical message, accepts one that only adds', async () => {
    const a = admins[0]!;
    const silencing = await a.put('/api/tenant/settings', {
      triageRulesExtension: { name: 'hospital-a', version: '1', negationCues: ['estou com'] },
    });
    expect(silencing.status).toBe(400);
    expect(silencing.body.message).toContain('triageRulesExtension');
    expect(silencing.body.message).toMatch(/".+"/);
    expect((await a.get('/api/tenant/settings')).body.triageRulesExtension).toBeUndefined();

    const harmless = { name: 'hospital-a', version: '1', negationCues: ['negativo para'], synonyms: [] };
    const accepted = await a.put('/api/tenant/settings', { triageRulesExtension: harmless });
    expect(accepted.status).toBe(200);
    expect(accepted.body.triageRulesExtension).toEqual(harmless);
  });
});
