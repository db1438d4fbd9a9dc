import { createHmac } from 'node:crypto';
import type { AlertPayload, AlertUpdatedPayload, ConversationUpdatePayload } from '@plantao/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/create-database';
import { WebhookInboxService } from '../src/whatsapp/webhook-inbox.service';
import { api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { HttpStandIn } from './support/http-stand-in';
import { spawnServer } from './support/spawn-server';
import { connectStation, record, settle, type StationSocket, waitFor } from './support/socket-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';
import { APP_SECRET, fixture, PHONE_NUMBER_ID, postWebhook, sign, textDelivery, VERIFY_TOKEN } from './support/whatsapp';

describe('WhatsApp webhook: signed deliveries become messages, updates and alerts', () => {
  let db: TestDatabase;
  let server: TestServer;
  let meta: HttpStandIn;
  let t: TenantFixture;
  let nurse: ReturnType<typeof api>;
  let socket: StationSocket;
  let updates: ConversationUpdatePayload[];
  let alerts: AlertPayload[];
  let alertUpdates: AlertUpdatedPayload[];
  const idle = () => server.app.get(WebhookInboxService).idle();

  beforeAll(async () => {
    db = await createTestDatabase();
    meta = new HttpStandIn();
    meta.respond = ({ url }) => ({ status: 200, body: { id: url.slice(1), display_phone_number: '551140028922' } });
    server = await startTestServer({
      databaseUrl: db.url,
      env: {
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
        SWEEP_INTERVAL_MS: '0',
        WHATSAPP_API_BASE_URL: await meta.start(),
        WHATSAPP_ACCESS_TOKEN: 'meta-token-123',
      },
    });
    t = await seedTenant(db.url);
    const admin = api(server.url, (await login(server.url, t.admin.email)).accessToken);
    expect(
      (await admin.post('/api/patients', { id: 'maria', name: 'Maria Aparecida Souza', bed: '12A', phone: '5511987654321' })).status,
    ).toBe(201);
    expect((await admin.post('/api/patients', { id: 'ana', name: 'Ana Beatriz Lima', bed: '03', phone: '5521998877665' })).status).toBe(
      201,
    );
    const put = await fetch(`${server.url}/api/tenant/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(await login(server.url, t.admin.email)).accessToken}` },
      body: JSON.stringify({ whatsappPhoneNumberId: PHONE_NUMBER_ID }),
    });
    expect(put.status).toBe(200);
    const token = (await login(server.url, t.nurse.email)).accessToken;
    nurse = api(server.url, token);
    socket = await connectStation(server.url, { auth: { token } });
  });
  beforeEach(() => {
    updates = record(socket, 'conversation_update');
    alerts = record(socket, 'critical_alert');
    alertUpdates = record(socket, 'alert_updated');
    return () => {
      socket.off('conversation_update');
      socket.off('critical_alert');
      socket.off('alert_updated');
    };
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
    await meta?.stop();
    await db?.drop();
  });
  const inboxRows = async () => {
    const { db: direct } = openDatabase(db.url);
    try {
      return (await direct.selectFrom('webhook_inbox').select('id').execute()).length;
    } finally {
      await direct.destroy();
    }
  };

  it("answers Meta's verification challenge only with the right token", async () => {
    const ok = await fetch(
      `${server.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${server.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const body = fixture('text-message.json');
    expect((await postWebhook(server.url, body, '')).status).toBe(401);
    expect((await postWebhook(server.url, body, sign(body, 'another-secret'))).status).toBe(401);
    expect((await postWebhook(server.url, body, sign(`${body} `))).status).toBe(401);
    await idle();
    await settle();
    expect(updates).toHaveLength(0);
    expect((await nurse.get('/api/conversations')).body).toEqual([]);
  });

  it('stores a text message, broadcasts it and raises a critical alert for fever; a redelivery is processed once', async () => {
    const body = fixture('text-message.json');
    const first = await postWebhook(server.url, body);
    expect(first.status).toBe(200);
    await waitFor(() => alerts.length === 1 && updates.length === 1, 'update and alert');
    expect(updates[0]).toMatchObject({
      type: 'new_message',
      conversationId: 'wa:5511987654321',
      patientId: 'maria',
      message: { sender: 'patient', content: expect.stringContaining('38,5') },
    });
    expect(alerts[0]).toMatchObject({
      patientId: 'maria',
      type: 'critical_symptom',
      severity: 'critical',
      metadata: { symptom: 'fever', decidedBy: 'rules', bed: '12A' },
    });

    const rows = await inboxRows();
    expect((await postWebhook(server.url, body)).status).toBe(200);
    await idle();
    await settle();
    expect(await inboxRows()).toBe(rows); // deduplicated in the inbox, not only per wamid
    expect(updates).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    const messages = (await nurse.get('/api/conversations/wa:5511987654321/messages')).body as unknown[];
    expect(messages).toHaveLength(1);
  });

  it('handles two messages from two patients; an unknown phone is an unidentified contact and still alarms', async () => {
    expect((await postWebhook(server.url, fixture('two-messages.json'))).status).toBe(200);
    await waitFor(() => updates.length === 2 && alerts.length === 1, 'two updates, one alert');
    const unknown = updates.find((u) => u.contactPhone === '5531991234567')!;
    expect(unknown).toMatchObject({ unidentified: true, patientId: 'unidentified:5531991234567', contactName: 'Ana Paula' });
    expect(alerts[0]).toMatchObject({ patientId: 'unidentified:5531991234567', severity: 'critical', metadata: { symptom: 'dyspnea' } });
    expect(alerts[0]!.patientName).toContain('não identificado');
  });

  it('marks voice notes isAudio and, without speech-to-text, asks a nurse to listen; statuses are not patient messages', async () => {
    expect((await postWebhook(server.url, fixture('audio-message.json'))).status).toBe(200);
    expect((await postWebhook(server.url, fixture('status-update.json'))).status).toBe(200);
    await waitFor(() => updates.length === 1 && alerts.length === 1, 'audio update and its alert');
    await idle();
    await settle();
    expect(updates[0]).toMatchObject({ patientId: 'ana', message: { isAudio: true, content: '[áudio]' } });
    expect(updates).toHaveLength(1);
    expect(alerts).toEqual([
      expect.objectContaining({
        patientId: 'ana',
        type: 'voice_note_unheard',
        severity: 'medium',
        metadata: expect.objectContaining({ bed: '03' }),
      }),
    ]);
  });

  it('answers 400 to a malformed body and stores nothing; one bad message among good ones only drops itself', async () => {
    for (const body of ['{"object":"instagram","entry":[]}', '{"entry":"x"}', '[]']) {
      expect((await postWebhook(server.url, body)).status).toBe(400);
    }
    // Signed, so it passes the signature, but not JSON the inbox could parse again.
    const rows = await inboxRows();
    const good = textDelivery([{ from: '5511987654321', id: 'wamid.utf16', body: 'febre de 39' }]);
    for (const [bytes, type] of [
      [Buffer.from('{"object":"whatsapp_business_account","entry":['), 'application/json'],
      [Buffer.from(good, 'utf16le'), 'application/json; charset=utf-16le'],
    ] as const) {
      const response = await fetch(`${server.url}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': type, 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}` },
        body: bytes,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    await idle();
    expect(await inboxRows()).toBe(rows);
    expect(updates).toHaveLength(0);
    const mixed = JSON.parse(
      textDelivery([
        { from: '5511987654321', id: 'wamid.good-1', body: 'bom dia, tudo bem por aqui' },
        { from: '5511987654321', id: 'wamid.good-2', body: 'obrigada enfermeira' },
      ]),
    );
    mixed.entry[0].changes[0].value.messages.splice(1, 0, { from: 'not-a-phone', id: '', type: 'text' });
    const raw = JSON.stringify(mixed);
    expect((await postWebhook(server.url, raw)).status).toBe(200);
    await waitFor(() => updates.length === 2, 'the two good messages');
    await idle();
    expect(updates.map((u) => u.message?.id).sort()).toEqual(['wamid.good-1', 'wamid.good-2']);
  });

  it('counts the same symptom again on the open alert instead of raising a new one', async () => {
    const before = (await nurse.get('/api/alerts?limit=1000')).body.length;
    await postWebhook(server.url, textDelivery([{ from: '5521998877665', id: 'wamid.vomit-1', body: 'vomitei 5 vezes hoje' }]));
    await waitFor(() => alerts.length === 1, 'first vomiting alert');
    expect(alerts[0]).toMatchObject({ severity: 'high', metadata: { symptom: 'vomiting', occurrences: 1 } });
    await postWebhook(
      server.url,
      textDelivery([{ from: '5521998877665', id: 'wamid.vomit-2', body: 'continuo vomitando, ja foram 6 vezes' }]),
    );
    await waitFor(() => alertUpdates.length === 1, 'occurrence update');
    await idle();
    await settle();
    expect(alerts).toHaveLength(1);
    expect(alertUpdates[0]).toMatchObject({ alertId: alerts[0]!.id, occurrences: 2 });
    expect((await nurse.get('/api/alerts?limit=1000')).body.length).toBe(before + 1);
  });

  it('processes a delivery that was stored but never processed (the process died after answering 200)', async () => {
    // What a crash leaves behind: the inbox row, written before the 200, and nothing else.
    const { db: direct } = openDatabase(db.url);
    try {
      await direct
        .insertInto('webhook_inbox')
        .values({
          id: 'crashed-1',
          body: textDelivery([{ from: '5511987654321', id: 'wamid.after-crash', body: 'nao consigo respirar' }]),
          received_at: new Date(Date.now() - 60_000).toISOString(),
          processed_at: null,
          attempts: 0,
          last_error: null,
        })
        .execute();
    } finally {
      await direct.destroy();
    }
    // Start-up and the periodic sweep do this.
    await server.app.get(WebhookInboxService).sweep(30_000);
    await waitFor(() => alerts.length === 1, 'alert from the recovered delivery');
    expect(alerts[0]).toMatchObject({ patientId: 'maria', metadata: { symptom: 'dyspnea', messageId: 'wamid.after-crash' } });
    await server.app.get(WebhookInboxService).sweep(0);
    await idle();
    await settle();
    expect(alerts).toHaveLength(1);
  });

  it('raises symptom_worsening when the same symptom comes back worse within 48 h', async () => {
    await postWebhook(server.url, textDelivery([{ from: '5511987654321', id: 'wamid.diarrhea-1', body: 'tive diarreia 2 vezes hoje' }]));
    await waitFor(() => updates.length === 1, 'first diarrhea message');
    await idle();
    expect(alerts).toHaveLength(0);
    await postWebhook(
      server.url,
      textDelivery([{ from: '5511987654321', id: 'wamid.diarrhea-2', body: 'agora ja foram 7 vezes de diarreia' }]),
    );
    await waitFor(() => alerts.length === 1, 'worsening alert');
    expect(alerts[0]).toMatchObject({ type: 'symptom_worsening', severity: 'high', metadata: { symptom: 'diarrhea' } });
  });

  it('logs requests without their query string (no hub.verify_token in any log line)', async () => {
    const proc = await spawnServer({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'info',
      WHATSAPP_VERIFY_TOKEN: 'verify-token-that-must-not-be-logged',
      SWEEP_INTERVAL_MS: '0',
    });
    try {
      const ok = await fetch(
        `${proc.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-token-that-must-not-be-logged&hub.challenge=42`,
      );
      expect(await ok.text()).toBe('42');
      await fetch(`${proc.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guessed-token-in-url&hub.challenge=7`);
      await waitFor(() => proc.output().includes('"statusCode":403'), 'request log lines');
    } finally {
      await proc.terminate();
    }
    const output = proc.output();
    expect(output).toContain('/api/webhooks/whatsapp');
    expect(output).not.toContain('verify-token-that-must-not-be-logged');
    expect(output).not.toContain('guessed-token-in-url');
    expect(output).not.toContain('hub.challenge');
  });
});
