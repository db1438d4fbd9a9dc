import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AlertPayload } from '@plantao/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/create-database';
import { WebhookInboxService } from '../src/whatsapp/webhook-inbox.service';
import { api, login, seedTenant } from './support/fixtures';
import { settle } from './support/socket-client';
import { createTestDatabase } from './support/test-database';
import { startTestServer } from './support/test-server';
import { APP_SECRET, fixture, PHONE_NUMBER_ID, postWebhook, VERIFY_TOKEN } from './support/whatsapp';

/** The WhatsApp id the Cloud API stand-in gives the nurse's question; `text-reply.json` answers it. */
const QUESTION_ID = 'wamid.HBgNNTUyMTk5ODg3NzY2NRUCABEYEjVGMEI0QzEyRTNBRDU3N0M5NwA=';
const VOICE_MEDIA_ID = '1485632209241212';
const TENANT_TOKEN = 'tenant-whatsapp-token-0001';
/** A few bytes that stand for the voice note (an Ogg page header): what is fetched must be what is transcribed. */
const VOICE_BYTES = Buffer.concat([Buffer.from('OggS\u0000\u0002', 'latin1'), Buffer.from([0, 1, 2, 253, 254, 255])]);

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
type SpeechMode = 'transcribe' | 'fail' | 'empty' | 'hang';

/**
 * A local stand-in for the outside services of a voice note: Meta's Cloud API
 * (number check, sending replies, `GET /{media-id}` and the media download,
 * which answer bytes, not JSON) and a hospital's speech-to-text service.
 */
class OutsideServices {
  readonly requests: Recorded[] = [];
  speech: SpeechMode = 'transcribe';
  transcript = '';
  mediaMissing = false;
  private server?: Server;
  private base = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        this.requests.push(request);
        const json = (status: number, body: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (request.url === '/stt') {
          if (this.speech === 'hang') return; // never answers: the server's timeout decides
          if (this.speech === 'fail') return json(500, { error: 'model unavailable' });
          return json(200, { text: this.speech === 'empty' ? '  ' : this.transcript });
        }
        if (request.method === 'POST' && request.url === `/${PHONE_NUMBER_ID}/messages`) {
          return json(200, { messaging_product: 'whatsapp', messages: [{ id: QUESTION_ID }] });
        }
        if (request.url === `/${PHONE_NUMBER_ID}`) return json(200, { id: PHONE_NUMBER_ID, display_phone_number: '551140028922' });
        if (request.url.startsWith('/media/')) {
          return res.writeHead(200, { 'content-type': 'audio/ogg' }).end(VOICE_BYTES);
        }
        const mediaId = request.url.slice(1);
        if (this.mediaMissing) return json(404, { error: { message: 'media not found' } });
        return json(200, {
          messaging_product: 'whatsapp',
          url: `${this.base}/media/${mediaId}`,
          mime_type: 'audio/ogg; codecs=opus',
          sha256: 'Ck8xqz0A0s4Jq0n3y5mJZ8mB7p0fH2o3x1Q1w7l2b9E=',
          file_size: VOICE_BYTES.length,
          id: mediaId,
        });
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    this.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.base;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

/** One hospital on its own server and database, its WhatsApp number and token set, Maria and Ana registered. */
async function hospital(env: (outside: string) => Record<string, string>) {
  const db = await createTestDatabase();
  const outside = new OutsideServices();
  const base = await outside.start();
  const server = await startTestServer({
    databaseUrl: db.url,
    env: {
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      SWEEP_INTERVAL_MS: '0',
      WHATSAPP_API_BASE_URL: base,
      ...env(base),
    },
  });
  const t = await seedTenant(db.url);
  const admin = api(server.url, (await login(server.url, t.admin.email)).accessToken);
  expect(
    (await admin.post('/api/patients', { id: 'maria', name: 'Maria Aparecida Souza', bed: '12A', phone: '5511987654321' })).status,
  ).toBe(201);
  expect((await admin.post('/api/patients', { id: 'ana', name: 'Ana Beatriz Lima', bed: '03', phone: '5521998877665' })).status).toBe(201);
  const put = await fetch(`${server.url}/api/tenant/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${(await login(server.url, t.admin.email)).accessToken}` },
    body: JSON.stringify({ whatsappPhoneNumberId: PHONE_NUMBER_ID, whatsappAccessToken: TENANT_TOKEN }),
  });
  expect(put.status).toBe(200);
  const nurse = api(server.url, (await login(server.url, t.nurse.email)).accessToken);
  return { db, outside, server, t, nurse };
}

/** A body of `fixture` with its one message given another id (and optionally sender and timestamp): a new message. */
function variant(name: string, changes: { id: string; from?: string; timestamp?: number; body?: string }): string {
  const delivery = JSON.parse(fixture(name));
  const value = delivery.entry[0].changes[0].value;
  const message = value.messages[0];
  message.id = changes.id;
  if (changes.from) {
    message.from = changes.from;
    value.contacts = [{ profile: { name: 'Familiar' }, wa_id: changes.from }];
  }
  if (changes.timestamp) message.timestamp = String(changes.timestamp);
  if (changes.body !== undefined) message.text.body = changes.body;
  return JSON.stringify(delivery);
}

/** Polls an asynchronous condition (a REST read) until it holds. */
async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await settle(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const wamidOf = (name: string): string => JSON.parse(fixture(name)).entry[0].changes[0].value.messages[0].id;

describe('WhatsApp webhook: every documented message type is stored as what it is, and its words are triaged', () => {
  let h: Awaited<ReturnType<typeof hospital>>;
  const idle = () => h.server.app.get(WebhookInboxService).idle();
  const stored = async (id: string) => {
    const { db } = openDatabase(h.db.url);
    try {
      const row = await db
        .selectFrom('messages')
        .select(['content', 'is_audio', 'triage', 'conversation_id'])
        .where('tenant_id', '=', h.t.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...row, triage: row.triage ? (JSON.parse(row.triage) as { severity: string; symptom: string }) : null };
    } finally {
      await db.destroy();
    }
  };
  const alerts = async () => (await h.nurse.get('/api/alerts?limit=1000')).body as AlertPayload[];
  const voiceAlerts = async (conversationId: string) =>
    (await alerts()).filter((a) => a.type === 'voice_note_unheard' && a.metadata?.conversationId === conversationId);

  beforeAll(async () => {
    h = await hospital(() => ({}));
  });
  afterAll(async () => {
    await h?.server.close();
    await h?.outside.stop();
    await h?.db.drop();
  });

  it('answers 200 to each type, stores it as what it is and triages captions, buttons and interactive replies', async () => {
    const cases: [string, string, { severity: string; symptom?: string } | null][] = [
      ['image-caption.json', '[image] 39,4 de febre', { severity: 'critical', symptom: 'fever' }],
      ['image.json', '[image]', null],
      ['video-caption.json', '[video] ele está tendo uma convulsão agora, tremendo todo', { severity: 'critical', symptom: 'seizure' }],
      ['video.json', '[video]', null],
      ['document-caption.json', '[document: oximetro.jpg.pdf] saturacao 88', { severity: 'critical', symptom: 'dyspnea' }],
      ['document.json', '[document: receita.pdf]', null],
      ['sticker.json', '[sticker]', null],
      ['reaction.json', '[reaction ❤️]', null],
      ['location.json', '[location] Casa da minha filha — Av. Paulista, 1000, São Paulo — (-23.5613, -46.6565)', null],
      ['location-without-type.json', '[location] Pronto-socorro — Rua das Laranjeiras, 50, Rio de Janeiro — (-22.9068, -43.1729)', null],
      ['contacts.json', '[contacts] Joana Souza +55 11 98888-7777', null],
      ['button.json', '[button] Sim, estou com falta de ar', { severity: 'critical', symptom: 'dyspnea' }],
      ['interactive-button-reply.json', '[interactive] Febre alta', { severity: 'critical', symptom: 'fever' }],
      ['interactive-list-reply.json', '[interactive] Febre alta — Acima de 38,5 °C', { severity: 'critical', symptom: 'fever' }],
      ['unsupported.json', '[unsupported] Message type unknown', null],
      ['unknown.json', '[unknown] Unsupported message type', null],
      [
        'referral.json',
        '[referral: Acompanhamento oncológico] Olá! Vi o anúncio e queria saber sobre o acompanhamento',
        { severity: 'none' },
      ],
      ['text-message.json', 'Boa tarde, estou com febre de 38,5 desde ontem a noite', { severity: 'critical', symptom: 'fever' }],
    ];
    // One at a time: which of Maria's fever messages raises the alert and which repeat it depends on the order.
    for (const [name] of cases) {
      expect((await postWebhook(h.server.url, fixture(name))).status, name).toBe(200);
      await idle();
    }
    for (const [name, content, triage] of cases) {
      const row = await stored(wamidOf(name));
      expect(row, name).toMatchObject({ content, is_audio: 0 });
      if (triage) expect(row!.triage, name).toMatchObject(triage);
      else expect(row!.triage, `${name} has no words to triage`).toBeNull();
    }

    // A critical caption raises an alert quoting what the patient sent; each patient's messages raise their own.
    const raised = await alerts();
    const forMessage = (name: string) => raised.find((a) => a.metadata?.messageId === wamidOf(name));
    expect(forMessage('image-caption.json')).toMatchObject({
      patientId: 'maria',
      type: 'critical_symptom',
      severity: 'critical',
      message: 'Febre. Paciente escreveu: "[image] 39,4 de febre"',
      metadata: { symptom: 'fever', bed: '12A' },
    });
    expect(forMessage('video-caption.json')).toMatchObject({ patientId: 'maria', severity: 'critical', metadata: { symptom: 'seizure' } });
    expect(forMessage('document-caption.json')).toMatchObject({
      patientId: 'maria',
      severity: 'critical',
      metadata: { symptom: 'dyspnea' },
    });
    expect(forMessage('button.json')).toMatchObject({ patientId: 'unidentified:5531991234567', metadata: { symptom: 'dyspnea' } });
    expect(forMessage('interactive-button-reply.json')).toMatchObject({ patientId: 'ana', metadata: { symptom: 'fever' } });
    // Maria's list reply and text repeat her open fever alert: counted on it, not rung again.
    expect(forMessage('image-caption.json')!.metadata).toMatchObject({ occurrences: 3 });
    expect(raised).toHaveLength(5);

    // Stations show them: the conversation lists every one, the location without a type included.
    const ana = (await h.nurse.get('/api/conversations/wa:5521998877665/messages')).body as { id: string; content: string }[];
    expect(ana.map((m) => m.content)).toEqual(
      expect.arrayContaining([
        '[sticker]',
        '[reaction ❤️]',
        '[location] Pronto-socorro — Rua das Laranjeiras, 50, Rio de Janeiro — (-22.9068, -43.1729)',
        '[contacts] Joana Souza +55 11 98888-7777',
      ]),
    );
    expect(ana.find((m) => m.id === wamidOf('location-without-type.json'))).toBeDefined();
    // No transcription was configured and none of these is a voice note: nothing was fetched from the Cloud API.
    expect(h.outside.requests.filter((r) => r.method === 'GET' && r.url !== `/${PHONE_NUMBER_ID}`)).toEqual([]);
  });

  it('triages a bare "Sim" with the nurse\'s question it answers, and a "Não" without it', async () => {
    const reply = await h.nurse.post('/api/conversations/wa:5521998877665/reply', { content: 'Dona Ana, a senhora está com falta de ar?' });
    expect(reply.status).toBe(201);
    // The Cloud API stand-in gave it QUESTION_ID: the id Ana's reply quotes.
    await eventually(async () => {
      const messages = (await h.nurse.get('/api/conversations/wa:5521998877665/messages')).body as { deliveryStatus?: string }[];
      return messages.some((m) => m.deliveryStatus === 'sent');
    }, 'the question sent');
    const before = (await alerts()).length;
    expect((await postWebhook(h.server.url, fixture('text-reply.json'))).status).toBe(200);
    await idle();
    expect(await stored(wamidOf('text-reply.json'))).toMatchObject({
      content: 'Sim',
      triage: { severity: 'critical', symptom: 'dyspnea' },
    });
    const raised = (await alerts()).find((a) => a.metadata?.messageId === wamidOf('text-reply.json'));
    expect(raised).toMatchObject({
      patientId: 'ana',
      severity: 'critical',
      message: 'Falta de ar. Paciente escreveu: "Sim" (em resposta a: "Dona Ana, a senhora está com falta de ar?")',
      metadata: { symptom: 'dyspnea', inReplyTo: 'Dona Ana, a senhora está com falta de ar?' },
    });

    const no = variant('text-reply.json', { id: 'wamid.reply-nao', body: 'Não' });
    expect((await postWebhook(h.server.url, no)).status).toBe(200);
    await idle();
    expect(await stored('wamid.reply-nao')).toMatchObject({ content: 'Não', triage: { severity: 'none' } });
    expect(await alerts()).toHaveLength(before + 1);
  });

  it('answers 200 to a status and stores no message; the reply it reports keeps its delivery state', async () => {
    const conversation = async () =>
      (await h.nurse.get('/api/conversations/wa:5521998877665/messages')).body as { deliveryStatus?: string }[];
    const before = await conversation();
    expect((await postWebhook(h.server.url, fixture('status-update.json'))).status).toBe(200);
    await idle();
    expect(await conversation()).toEqual(before);
    expect(before.filter((m) => m.deliveryStatus === 'sent')).toHaveLength(1);
  });

  it('without a speech-to-text service, raises one medium "mensagem de voz não ouvida" per unanswered stretch', async () => {
    const from = '5541990001111';
    const conversationId = `wa:${from}`;
    const note = (id: string, timestamp: number) => variant('audio-message.json', { id, from, timestamp });
    expect((await postWebhook(h.server.url, note('wamid.voice-1', 1764090000))).status).toBe(200);
    await idle();
    expect(await stored('wamid.voice-1')).toMatchObject({ content: '[áudio]', is_audio: 1 });
    const [first, ...none] = await voiceAlerts(conversationId);
    expect(none).toEqual([]);
    expect(first).toMatchObject({
      patientId: `unidentified:${from}`,
      type: 'voice_note_unheard',
      severity: 'medium',
      message: 'Mensagem de voz não ouvida: ouça o áudio na conversa',
      metadata: { reason: 'not_configured', messageId: 'wamid.voice-1' },
    });

    // A second note in the same stretch, and the first one delivered again: still one alert.
    expect((await postWebhook(h.server.url, note('wamid.voice-2', 1764090060))).status).toBe(200);
    const twoInOne = JSON.parse(note('wamid.voice-1', 1764090000));
    twoInOne.entry[0].changes[0].value.messages.push(JSON.parse(note('wamid.voice-2', 1764090060)).entry[0].changes[0].value.messages[0]);
    expect((await postWebhook(h.server.url, JSON.stringify(twoInOne))).status).toBe(200);
    await idle();
    expect(await voiceAlerts(conversationId)).toHaveLength(1);

    // A nurse's reply ends the stretch: the next note asks again.
    expect((await h.nurse.post(`/api/conversations/${conversationId}/reply`, { content: 'Vou ouvir seu áudio agora.' })).status).toBe(201);
    expect((await postWebhook(h.server.url, note('wamid.voice-3', 1764093600))).status).toBe(200);
    await idle();
    const after = await voiceAlerts(conversationId);
    expect(after).toHaveLength(2);
    expect(after.find((a) => a.id !== first!.id)).toMatchObject({ severity: 'medium', metadata: { messageId: 'wamid.voice-3' } });
    expect(h.outside.requests.filter((r) => r.url === `/${VOICE_MEDIA_ID}` || r.url === '/stt')).toEqual([]);
  });

  it('reads the caption of an audio message and still asks a nurse to listen to the audio', async () => {
    expect((await postWebhook(h.server.url, fixture('audio-with-caption.json'))).status).toBe(200);
    await idle();
    expect(await stored(wamidOf('audio-with-caption.json'))).toMatchObject({
      content: '[áudio] ouve o que ela está dizendo',
      is_audio: 1,
      triage: { severity: 'none' },
    });
    expect(await voiceAlerts('wa:5511987654321')).toHaveLength(1);
  });
});

describe('WhatsApp voice notes with a speech-to-text service', () => {
  let h: Awaited<ReturnType<typeof hospital>>;
  const idle = () => h.server.app.get(WebhookInboxService).idle();
  const alerts = async () => (await h.nurse.get('/api/alerts?limit=1000')).body as AlertPayload[];
  const messages = async (conversationId: string) =>
    (await h.nurse.get(`/api/conversations/${conversationId}/messages`)).body as { id: string; content: string; isAudio?: boolean }[];

  beforeAll(async () => {
    h = await hospital((outside) => ({ SPEECH_TO_TEXT_URL: `${outside}/stt`, SPEECH_TO_TEXT_TIMEOUT_MS: '1500' }));
  });
  beforeEach(() => {
    h.outside.speech = 'transcribe';
    h.outside.mediaMissing = false;
  });
  afterAll(async () => {
    await h?.server.close();
    await h?.outside.stop();
    await h?.db.drop();
  });

  it('fetches the note from the Cloud API with the hospital token, transcribes it, stores the transcript and triages it', async () => {
    h.outside.transcript = 'estou com muita falta de ar, não consigo respirar';
    expect((await postWebhook(h.server.url, fixture('audio-message.json'))).status).toBe(200);
    await idle();
    const wamid = wamidOf('audio-message.json');
    expect((await messages('wa:5521998877665')).find((m) => m.id === wamid)).toMatchObject({
      content: '[áudio transcrito] estou com muita falta de ar, não consigo respirar',
      isAudio: true,
    });
    const raised = await alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      patientId: 'ana',
      type: 'critical_symptom',
      severity: 'critical',
      metadata: { symptom: 'dyspnea', messageId: wamid },
    });

    const [lookup, download, speech, ...rest] = h.outside.requests.filter((r) => r.url !== `/${PHONE_NUMBER_ID}`);
    expect(rest).toEqual([]);
    expect(lookup).toMatchObject({ method: 'GET', url: `/${VOICE_MEDIA_ID}`, headers: { authorization: `Bearer ${TENANT_TOKEN}` } });
    expect(download).toMatchObject({
      method: 'GET',
      url: `/media/${VOICE_MEDIA_ID}`,
      headers: { authorization: `Bearer ${TENANT_TOKEN}` },
    });
    expect(speech).toMatchObject({
      method: 'POST',
      url: '/stt',
      headers: { 'content-type': 'audio/ogg; codecs=opus', 'content-language': 'pt-BR', 'x-plantao-tenant-id': h.t.tenantId },
    });
    expect(speech!.body.equals(VOICE_BYTES)).toBe(true);
    expect(speech!.headers.authorization).toBeUndefined(); // the WhatsApp token never leaves for the speech service

    // Delivered again (other bytes, same message): stored and triaged once, not sent to the service again.
    const again = JSON.parse(fixture('audio-message.json'));
    again.entry[0].id = 'redelivery';
    expect((await postWebhook(h.server.url, JSON.stringify(again))).status).toBe(200);
    await idle();
    expect(h.outside.requests.filter((r) => r.url === '/stt')).toHaveLength(1);
    expect(await alerts()).toHaveLength(1);
  });

  it('when transcription fails, times out, hears nothing or the media is gone: one medium alert per stretch', async () => {
    const from = '5541990002222';
    const conversationId = `wa:${from}`;
    const note = (id: string, timestamp: number) => variant('audio-message.json', { id, from, timestamp });
    const voiceAlerts = async () =>
      (await alerts()).filter((a) => a.type === 'voice_note_unheard' && a.metadata?.conversationId === conversationId);

    h.outside.speech = 'fail';
    expect((await postWebhook(h.server.url, note('wamid.fail-1', 1764100000))).status).toBe(200);
    await idle();
    expect((await messages(conversationId)).map((m) => m.content)).toEqual(['[áudio]']);
    expect(await voiceAlerts()).toEqual([
      expect.objectContaining({
        severity: 'medium',
        message: 'Mensagem de voz não ouvida (a transcrição falhou): ouça o áudio na conversa',
        metadata: expect.objectContaining({ reason: 'failed', messageId: 'wamid.fail-1' }),
      }),
    ]);

    for (const [mode, id, timestamp] of [
      ['hang', 'wamid.fail-2', 1764100060],
      ['empty', 'wamid.fail-3', 1764100120],
    ] as const) {
      h.outside.speech = mode;
      expect((await postWebhook(h.server.url, note(id, timestamp))).status).toBe(200);
      await idle(); // the stand-in reads its mode when the request comes
    }
    h.outside.mediaMissing = true;
    expect((await postWebhook(h.server.url, note('wamid.fail-4', 1764100180))).status).toBe(200);
    await idle();
    expect((await messages(conversationId)).map((m) => m.content)).toEqual(['[áudio]', '[áudio]', '[áudio]', '[áudio]']);
    expect(await voiceAlerts()).toHaveLength(1);

    expect(
      (await h.nurse.post(`/api/conversations/${conversationId}/reply`, { content: 'Não consegui ouvir, pode escrever?' })).status,
    ).toBe(201);
    expect((await postWebhook(h.server.url, note('wamid.fail-5', 1764103600))).status).toBe(200);
    await idle();
    expect(await voiceAlerts()).toHaveLength(2);
  });

  it('stores a transcript with no alarm in it and raises nothing', async () => {
    h.outside.transcript = 'bom dia, tomei o remédio certinho';
    const body = variant('audio-message.json', { id: 'wamid.calm', from: '5511987654321', timestamp: 1764110000 });
    const before = (await alerts()).length;
    expect((await postWebhook(h.server.url, body)).status).toBe(200);
    await idle();
    expect((await messages('wa:5511987654321')).find((m) => m.id === 'wamid.calm')).toMatchObject({
      content: '[áudio transcrito] bom dia, tomei o remédio certinho',
      isAudio: true,
    });
    expect(await alerts()).toHaveLength(before);
  });
});
