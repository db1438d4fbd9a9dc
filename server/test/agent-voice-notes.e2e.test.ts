import type { AlertPayload } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { connectStation, record, settle, type StationSocket, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Issue #10, "voice notes are never silent", through the agent's REST entry
 * point (POST /api/conversations/messages): a voice note with its transcript is
 * stored with it and triaged; one without a transcript asks a nurse to listen,
 * once per unanswered stretch. Also: the triage says which stage decided.
 */
describe('agent voice notes and who decided the triage', () => {
  let db: TestDatabase;
  let server: TestServer;
  let t: TenantFixture;
  let agent: ReturnType<typeof api>;
  let nurse: ReturnType<typeof api>;
  let socket: StationSocket;
  let alerts: AlertPayload[];
  const note = (id: string, conversationId: string, extra: Record<string, unknown> = {}) => ({
    messageId: id,
    conversationId,
    patientId: t.patients[0]!.id,
    content: '[áudio]',
    sender: 'patient',
    isAudio: true,
    ...extra,
  });
  const messages = async (conversationId: string) =>
    (await nurse.get(`/api/conversations/${conversationId}/messages`)).body as { id: string; content: string; isAudio?: boolean }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url });
    t = await seedTenant(db.url);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    const nurseToken = (await login(server.url, t.nurse.email)).accessToken;
    nurse = api(server.url, nurseToken);
    socket = await connectStation(server.url, { auth: { token: nurseToken } });
    alerts = record(socket, 'critical_alert');
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
    await db?.drop();
  });

  it('triages the transcript of a voice note and stores it with the message', async () => {
    const res = await agent.post('/api/conversations/messages', note('v-1', 'conv-a', { transcript: 'estou com muita falta de ar agora' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      triage: { severity: 'critical', symptom: 'dyspnea', decidedBy: 'rules', reason: expect.stringContaining('dyspnea') },
      alertId: expect.any(String),
    });
    expect((await messages('conv-a')).find((m) => m.id === 'v-1')).toMatchObject({
      content: '[áudio]\n[áudio transcrito] estou com muita falta de ar agora',
      isAudio: true,
    });
    await waitFor(() => alerts.some((a) => a.id === res.body.alertId && a.severity === 'critical'), 'critical alert');
  });

  it('asks a nurse to listen to a voice note without a transcript, once per unanswered stretch', async () => {
    const voiceAlerts = () => alerts.filter((a) => a.type === 'voice_note_unheard');
    const first = await agent.post('/api/conversations/messages', note('v-2', 'conv-b'));
    expect(first.status).toBe(201);
    expect(first.body.alertId).toEqual(expect.any(String));
    expect((await agent.post('/api/conversations/messages', note('v-3', 'conv-b'))).status).toBe(201);
    expect((await agent.post('/api/conversations/messages', note('v-2', 'conv-b'))).body.duplicate).toBe(true);
    await waitFor(() => voiceAlerts().length >= 1, 'voice note alert');
    await settle();
    expect(voiceAlerts()).toHaveLength(1);
    expect(voiceAlerts()[0]).toMatchObject({ severity: 'medium', metadata: { reason: 'not_transcribed', messageId: 'v-2' } });
    // A blank transcript is no transcript.
    expect((await agent.post('/api/conversations/messages', note('v-4', 'conv-c', { transcript: '   ' }))).body.alertId).toEqual(
      expect.any(String),
    );
    await waitFor(() => voiceAlerts().length === 2, 'second stretch, second alert');
  });

  it('says when the never-silent self-harm net decided', async () => {
    const res = await agent.post('/api/conversations/messages', {
      messageId: 't-1',
      conversationId: 'conv-d',
      patientId: t.patients[1]!.id,
      content: 'minha mae disse que vai se matar',
      sender: 'patient',
    });
    expect(res.status).toBe(201);
    expect(res.body.triage).toMatchObject({ severity: 'critical', symptom: 'self_harm', decidedBy: 'safety' });
  });

  it('refuses a transcript that is not text, changing nothing', async () => {
    const res = await agent.post('/api/conversations/messages', note('v-9', 'conv-e', { transcript: 42 }));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('transcript');
    expect((await nurse.get('/api/conversations/conv-e/messages')).status).not.toBe(200);
  });
});
