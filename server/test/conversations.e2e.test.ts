import type { AlertPayload, ConversationUpdatePayload } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoResponseService } from '../src/clinical/no-response.service';
import { api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { HttpStandIn } from './support/http-stand-in';
import { ManualClock } from './support/manual-clock';
import { connectStation, record, settle, type StationSocket, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';
import { PHONE_NUMBER_ID } from './support/whatsapp';

const HOUR = 3_600_000;

describe('conversations: agent ingest, nurse actions, WhatsApp replies, no response', () => {
  let db: TestDatabase;
  let server: TestServer;
  let meta: HttpStandIn;
  let clock: ManualClock;
  let t: TenantFixture;
  let agent: ReturnType<typeof api>;
  let nurse: ReturnType<typeof api>;
  let socket: StationSocket;
  let updates: ConversationUpdatePayload[];
  let alerts: AlertPayload[];
  const message = (id: string, content: string, extra: Record<string, unknown> = {}) => ({
    messageId: id,
    conversationId: 'conv-jose',
    patientId: 'jose',
    content,
    sender: 'patient',
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    meta = new HttpStandIn();
    const metaUrl = await meta.start();
    clock = new ManualClock();
    server = await startTestServer({
      databaseUrl: db.url,
      clock,
      env: {
        WHATSAPP_API_BASE_URL: metaUrl,
        WHATSAPP_ACCESS_TOKEN: 'meta-token-123',
        OUTBOUND_MAX_ATTEMPTS: '3',
        OUTBOUND_RETRY_BASE_MS: '20',
        SWEEP_INTERVAL_MS: '0',
      },
    });
    t = await seedTenant(db.url);
    const adminToken = (await login(server.url, t.admin.email)).accessToken;
    const admin = api(server.url, adminToken);
    await admin.post('/api/patients', { id: 'jose', name: 'José Carlos Pereira', bed: '14B', phone: '5511912345678' });
    meta.respond = ({ url }) => ({ status: 200, body: { id: url.slice(1) } }); // the number's owner check
    const put = await fetch(`${server.url}/api/tenant/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ whatsappPhoneNumberId: PHONE_NUMBER_ID, noResponseHours: 4 }),
    });
    expect(put.status).toBe(200);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    const nurseToken = (await login(server.url, t.nurse.email)).accessToken;
    nurse = api(server.url, nurseToken);
    socket = await connectStation(server.url, { auth: { token: nurseToken } });
    updates = record(socket, 'conversation_update');
    alerts = record(socket, 'critical_alert');
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
    await meta?.stop();
    await db?.drop();
  });

  it('ingests an agent message once (201, then 200 for the same messageId), triaged by the rules', async () => {
    const first = await agent.post('/api/conversations/messages', message('m-1', 'estou com muita falta de ar desde a madrugada'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      duplicate: false,
      conversationId: 'conv-jose',
      triage: { severity: 'critical', symptom: 'dyspnea', decidedBy: 'rules' },
      alertId: expect.any(String),
    });
    const again = await agent.post('/api/conversations/messages', message('m-1', 'estou com muita falta de ar desde a madrugada'));
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    await waitFor(() => alerts.length === 1 && updates.length === 1, 'one alert and one update');
    await settle();
    expect(alerts).toHaveLength(1);
    expect(updates).toHaveLength(1);
    expect((await nurse.post('/api/conversations/messages', message('m-x', 'oi'))).status).toBe(403);
    const bad = await agent.post('/api/conversations/messages', { ...message('m-2', 'oi'), sender: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('sender');
  });

  it('lets a nurse assume and resolve a conversation, broadcasting each change', async () => {
    expect((await nurse.post('/api/conversations/conv-jose/assume')).body).toMatchObject({ status: 'assumed', assumedBy: t.nurse.id });
    expect((await nurse.post('/api/conversations/conv-jose/resolve')).body).toMatchObject({ status: 'resolved' });
    await waitFor(() => updates.some((u) => u.type === 'conversation_resolved'), 'resolved update');
    expect(updates.filter((u) => u.type !== 'new_message').map((u) => [u.type, u.userId])).toEqual([
      ['conversation_assumed', t.nurse.id],
      ['conversation_resolved', t.nurse.id],
    ]);
    expect((await nurse.post('/api/conversations/nope/assume')).status).toBe(404);
  });

  it('sends a reply through the Cloud API and shows it pending, then sent', async () => {
    meta.respond = () => ({ status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.out-1' }] } });
    const reply = await nurse.post('/api/conversations/conv-jose/reply', { content: 'Sr. José, o senhor mediu a temperatura?' });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ sender: 'nurse', deliveryStatus: 'pending' });
    await waitFor(() => updates.some((u) => u.type === 'message_sent' && u.message?.deliveryStatus === 'sent'), 'sent update');
    const sent = meta.requests.at(-1)!;
    expect(sent.url).toBe(`/${PHONE_NUMBER_ID}/messages`);
    expect(sent.headers.authorization).toBe('Bearer meta-token-123');
    expect(JSON.parse(sent.body)).toMatchObject({
      messaging_product: 'whatsapp',
      to: '5511912345678',
      type: 'text',
      text: { body: 'Sr. José, o senhor mediu a temperatura?' },
    });
  });

  it('retries a failing send and shows the nurse it failed', async () => {
    const before = meta.requests.length;
    meta.respond = () => ({ status: 503, body: { error: { message: 'temporarily unavailable' } } });
    await nurse.post('/api/conversations/conv-jose/reply', { content: 'Estamos ligando para o senhor.' });
    await waitFor(() => updates.some((u) => u.message?.deliveryStatus === 'failed'), 'failed update');
    expect(meta.requests.length - before).toBe(3);
    const failed = updates.find((u) => u.message?.deliveryStatus === 'failed')!;
    expect(failed.message?.deliveryError).toContain('503');
    const stored = (await nurse.get('/api/conversations/conv-jose/messages')).body as { deliveryStatus?: string }[];
    expect(stored.at(-1)!.deliveryStatus).toBe('failed');
  });

  it('never shows a credential in the delivery error sent to stations', async () => {
    meta.respond = ({ headers }) => ({
      status: 401,
      body: {
        error: {
          message: `Invalid OAuth access token - Cannot parse access token: meta-token-123 (sent as ${String(headers.authorization)})`,
          retry_url: 'https://graph.facebook.com/v21.0/106540352242922/messages?access_token=EAAG-secret-xyz&appsecret_proof=abc123def',
          proxy: 'http://svc-user:hunter2pass@proxy.local:3128/',
        },
      },
    });
    await nurse.post('/api/conversations/conv-jose/reply', { content: 'Vamos ligar de novo.' });
    await waitFor(() => updates.filter((u) => u.message?.deliveryStatus === 'failed').length === 2, 'second failed update');
    const failed = updates.filter((u) => u.message?.deliveryStatus === 'failed').at(-1)!;
    const stored = (await nurse.get('/api/conversations/conv-jose/messages')).body as { deliveryError?: string }[];
    for (const text of [failed.message!.deliveryError!, stored.at(-1)!.deliveryError!]) {
      expect(text).toContain('401');
      for (const secret of ['meta-token-123', 'EAAG-secret-xyz', 'abc123def', 'hunter2pass', 'svc-user'])
        expect(text).not.toContain(secret);
    }
  });

  it('raises no_response once when the patient has not answered within the tenant time', async () => {
    const noResponse = server.app.get(NoResponseService);
    expect(await noResponse.check()).toBe(0);
    clock.advance(3 * HOUR);
    expect(await noResponse.check()).toBe(0);
    clock.advance(1 * HOUR + 60_000);
    const [a, b] = await Promise.all([noResponse.check(), noResponse.check()]);
    expect(a + b).toBe(1);
    expect(await noResponse.check()).toBe(0);
    await waitFor(() => alerts.some((x) => x.type === 'no_response'), 'no_response alert');
    await settle();
    expect(alerts.filter((x) => x.type === 'no_response')).toHaveLength(1);
    expect(alerts.find((x) => x.type === 'no_response')).toMatchObject({ patientId: 'jose', severity: 'high' });

    // The patient answers: the stretch ends; a new question starts a new one.
    await agent.post('/api/conversations/messages', message('m-3', 'medi sim, deu 36,5'));
    clock.advance(10 * HOUR);
    expect(await noResponse.check()).toBe(0);
  });

  it('puts the patient with open alerts and an unanswered message on top of the worklist', async () => {
    const list = (await nurse.get('/api/patients?sort=priority')).body as { id: string; priority: number }[];
    expect(list[0]!.id).toBe('jose');
    expect(list[0]!.priority).toBeGreaterThan(0);
  });
});

describe('an external triage agent decides first, the rules when it fails', () => {
  let db: TestDatabase;
  let server: TestServer;
  let triageAgent: HttpStandIn;
  let agent: ReturnType<typeof api>;

  beforeAll(async () => {
    db = await createTestDatabase();
    triageAgent = new HttpStandIn();
    const url = await triageAgent.start();
    server = await startTestServer({
      databaseUrl: db.url,
      env: { TRIAGE_AGENT_URL: `${url}/triage`, TRIAGE_AGENT_TIMEOUT_MS: '200', SWEEP_INTERVAL_MS: '0' },
    });
    const t = await seedTenant(db.url);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
  });
  afterAll(async () => {
    await server?.close();
    await triageAgent?.stop();
    await db?.drop();
  });

  const post = (id: string, content: string) =>
    agent.post('/api/conversations/messages', { messageId: id, conversationId: 'c1', patientId: 'p1', content, sender: 'patient' });

  it('uses the agent answer and says so on the alert', async () => {
    triageAgent.respond = () => ({
      status: 200,
      body: { severity: 'critical', symptom: 'neutropenic_sepsis_suspected', evidence: 'calafrios' },
    });
    const result = await post('a-1', 'to com calafrios estranhos');
    expect(result.body.triage).toMatchObject({ decidedBy: 'agent', severity: 'critical', symptom: 'neutropenic_sepsis_suspected' });
    expect(JSON.parse(triageAgent.requests.at(-1)!.body)).toMatchObject({ text: 'to com calafrios estranhos' });
    const alerts = (await agent.get('/api/alerts')).body as AlertPayload[];
    expect(alerts.at(-1)!.metadata).toMatchObject({ decidedBy: 'agent' });
  });

  it('falls back to the rules on a timeout, an error or a nonsense answer', async () => {
    triageAgent.respond = () => new Promise((done) => setTimeout(() => done({ status: 200, body: { severity: 'none' } }), 1000));
    expect((await post('a-2', 'febre de 39 agora')).body.triage).toMatchObject({
      decidedBy: 'rules',
      severity: 'critical',
      symptom: 'fever',
    });
    triageAgent.respond = () => ({ status: 500, body: {} });
    expect((await post('a-3', 'febre de 39 de novo')).body.triage).toMatchObject({ decidedBy: 'rules', severity: 'critical' });
    triageAgent.respond = () => ({ status: 200, body: { severity: 'apocalyptic' } });
    expect((await post('a-4', 'nao consigo respirar')).body.triage).toMatchObject({ decidedBy: 'rules', severity: 'critical' });
  });
});
