import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { triageMessage } from '../triage';
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
