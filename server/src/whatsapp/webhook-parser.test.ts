import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { triageMessage } from '../triage';
import { withTranscript } from './inbound-reading';
import { parseWebhook } from './webhook-parser';
import { isValidSignature } from './webhook-signature';

const envelope = (messages: unknown[]) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '1',
      changes: [
        { field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' }, messages } },
      ],
    },
  ],
});

describe('parseWebhook: nothing a sender writes can break it', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = parseWebhook(value);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps any unicode text (emoji, huge messages) intact and triage returns a valid answer for it', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('🤒🤮🩸 febre 🔥'.repeat(2000), 'a'.repeat(100_000), '\u0000\uFFFF\uD83D', 'febre '.repeat(5000)),
    );
    fc.assert(
      fc.property(text, (body) => {
        const result = parseWebhook(
          envelope([{ from: '5511987654321', id: 'wamid.x', timestamp: '1764079200', type: 'text', text: { body } }]),
        );
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.messages).toHaveLength(1);
        expect(result.messages[0]!.content).toBe(body);
        const triage = triageMessage(body);
        expect(['critical', 'high', 'medium', 'none']).toContain(triage.severity);
      }),
      { numRuns: 300 },
    );
  });

  it('drops only the malformed messages of a delivery', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constant({ from: '5511', id: 'ok', timestamp: '1', type: 'text', text: { body: 'oi' } }),
          ),
          { maxLength: 20 },
        ),
        (messages) => {
          const result = parseWebhook(envelope(messages));
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.messages.length + result.rejected.length).toBe(messages.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The webhook bodies the e2e suite posts (server/test/fixtures/whatsapp), in Meta's documented shapes. */
const fixture = (name: string): unknown => JSON.parse(readFileSync(resolve(__dirname, '../../test/fixtures/whatsapp', name), 'utf8'));
const only = (body: unknown) => {
  const result = parseWebhook(body);
  if (!result.ok) throw new Error(result.error);
  expect(result.rejected).toEqual([]);
  expect(result.messages).toHaveLength(1);
  return result.messages[0]!;
};
const message = (fields: Record<string, unknown>) =>
  only(envelope([{ from: '5511987654321', id: 'wamid.unit', timestamp: '1764079200', ...fields }]));

describe('parseWebhook: every documented message type is kept as what it is, and its words are read', () => {
  it.each([
    [
      'text-message.json',
      'text',
      'Boa tarde, estou com febre de 38,5 desde ontem a noite',
      'Boa tarde, estou com febre de 38,5 desde ontem a noite',
    ],
    ['image-caption.json', 'image', '[image] 39,4 de febre', '39,4 de febre'],
    ['image.json', 'image', '[image]', undefined],
    [
      'video-caption.json',
      'video',
      '[video] ele está tendo uma convulsão agora, tremendo todo',
      'ele está tendo uma convulsão agora, tremendo todo',
    ],
    ['video.json', 'video', '[video]', undefined],
    ['document-caption.json', 'document', '[document: oximetro.jpg.pdf] saturacao 88', 'saturacao 88'],
    ['document.json', 'document', '[document: receita.pdf]', undefined],
    ['audio-message.json', 'audio', '[áudio]', undefined],
    ['audio-with-caption.json', 'audio', '[áudio] ouve o que ela está dizendo', 'ouve o que ela está dizendo'],
    ['sticker.json', 'sticker', '[sticker]', undefined],
    ['reaction.json', 'reaction', '[reaction ❤️]', undefined],
    ['location.json', 'location', '[location] Casa da minha filha — Av. Paulista, 1000, São Paulo — (-23.5613, -46.6565)', undefined],
    [
      'location-without-type.json',
      'location',
      '[location] Pronto-socorro — Rua das Laranjeiras, 50, Rio de Janeiro — (-22.9068, -43.1729)',
      undefined,
    ],
    ['contacts.json', 'contacts', '[contacts] Joana Souza +55 11 98888-7777', undefined],
    ['button.json', 'button', '[button] Sim, estou com falta de ar', 'Sim, estou com falta de ar'],
    ['interactive-button-reply.json', 'interactive', '[interactive] Febre alta', 'Febre alta'],
    ['interactive-list-reply.json', 'interactive', '[interactive] Febre alta — Acima de 38,5 °C', 'Febre alta\nAcima de 38,5 °C'],
    ['unsupported.json', 'unsupported', '[unsupported] Message type unknown', undefined],
    ['unknown.json', 'unknown', '[unknown] Unsupported message type', undefined],
    [
      'referral.json',
      'text',
      '[referral: Acompanhamento oncológico] Olá! Vi o anúncio e queria saber sobre o acompanhamento',
      'Olá! Vi o anúncio e queria saber sobre o acompanhamento',
    ],
    ['text-reply.json', 'text', 'Sim', 'Sim'],
  ])('%s is a %s stored as %j, triage reads %j', (name, type, content, text) => {
    const parsed = only(fixture(name));
    expect(parsed).toMatchObject({ type, content, isAudio: type === 'audio' });
    expect(parsed.text).toBe(text);
  });

  it('keeps the question a reply answers (context.id), and the media id of a voice note', () => {
    expect(only(fixture('text-reply.json')).replyTo).toBe('wamid.HBgNNTUyMTk5ODg3NzY2NRUCABEYEjVGMEI0QzEyRTNBRDU3N0M5NwA=');
    expect(only(fixture('button.json')).replyTo).toMatch(/^wamid\./);
    expect(only(fixture('audio-message.json')).audio).toEqual({ mediaId: '1485632209241212', mimeType: 'audio/ogg; codecs=opus' });
  });

  it('counts statuses and stores no message for them', () => {
    const result = parseWebhook(fixture('status-update.json'));
    expect(result).toMatchObject({ ok: true, messages: [], rejected: [], statuses: 1 });
  });

  it('guesses the type of a message without one from the object it carries, and keeps one that carries nothing known', () => {
    expect(message({ image: { id: '1', caption: 'olha a mancha' } })).toMatchObject({ type: 'image', text: 'olha a mancha' });
    expect(message({})).toMatchObject({ type: 'unknown', content: '[unknown]' });
    expect(message({ referral: { headline: 'Anúncio' } })).toMatchObject({ type: 'referral', content: '[referral]' });
  });

  it('stores a message whose parts come in an unexpected shape as a marker instead of dropping it', () => {
    expect(message({ type: 'location', location: { latitude: 'sul', longitude: null } })).toMatchObject({ content: '[location]' });
    expect(message({ type: 'image', image: 'not an object' })).toMatchObject({ content: '[image]' });
    expect(message({ type: 'text', text: { body: 42 } })).toMatchObject({ content: '[text]' });
    expect(message({ type: 'text', text: { body: 42 } }).text).toBeUndefined();
    expect(message({ type: 'ephemeral' })).toMatchObject({ type: 'ephemeral', content: '[ephemeral]' });
  });

  it('reads a removed reaction, a forward, a system notice and the answers of a WhatsApp Flow', () => {
    expect(message({ type: 'reaction', reaction: { message_id: 'wamid.x' } }).content).toBe('[reaction removed]');
    const forwarded = message({ type: 'text', text: { body: 'febre de 40' }, context: { forwarded: true, id: 'wamid.other' } });
    expect(forwarded).toMatchObject({ content: '[forwarded] febre de 40', text: 'febre de 40' });
    expect(forwarded.replyTo).toBeUndefined();
    const system = message({
      type: 'system',
      system: { body: 'Maria changed from 5511987654321 to 5511999990000', type: 'user_changed_number' },
    });
    expect(system.content).toBe('[system] Maria changed from 5511987654321 to 5511999990000');
    expect(system.text).toBeUndefined();
    const flow = message({
      type: 'interactive',
      interactive: {
        type: 'nfm_reply',
        nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t0k3n","sintoma":"falta de ar","nota":8}' },
      },
    });
    expect(flow).toMatchObject({ content: '[interactive flow] falta de ar; 8', text: 'falta de ar\n8' });
  });

  it('stores a transcribed voice note with its transcript, which triage then reads', () => {
    const note = only(fixture('audio-message.json'));
    expect(withTranscript(note, ' estou com febre ')).toMatchObject({
      content: '[áudio transcrito] estou com febre',
      text: 'estou com febre',
    });
    const forwarded = message({ type: 'audio', audio: { id: '9', voice: true }, context: { forwarded: true } });
    expect(withTranscript(forwarded, 'ela caiu').content).toBe('[forwarded] [áudio transcrito] ela caiu');
    const captioned = only(fixture('audio-with-caption.json'));
    expect(withTranscript(captioned, 'ela caiu')).toMatchObject({
      content: '[áudio transcrito] ela caiu — ouve o que ela está dizendo',
      text: 'ela caiu\nouve o que ela está dizendo',
    });
  });
});

describe('isValidSignature', () => {
  it('accepts only the HMAC of the exact bytes with the app secret', () => {
    const body = Buffer.from('{"a":1}');
    const good = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    expect(isValidSignature(body, good, 's3cret')).toBe(true);
    expect(isValidSignature(Buffer.from('{"a":2}'), good, 's3cret')).toBe(false);
    expect(isValidSignature(body, good, 'other')).toBe(false);
    expect(isValidSignature(body, good, undefined)).toBe(false);
    expect(isValidSignature(body, 'sha256=abc', 's3cret')).toBe(false);
    expect(isValidSignature(body, undefined, 's3cret')).toBe(false);
  });
});
