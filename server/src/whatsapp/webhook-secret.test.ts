import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_WHATSAPP_APP_SECRET, REFUSAL_REASONS, webhookSecret } from './webhook-secret';
import { checkSignature } from './webhook-signature';

describe('webhookSecret: which secret checks X-Hub-Signature-256', () => {
  it('is WHATSAPP_APP_SECRET whenever it is set', () => {
    for (const env of ['development', 'production', 'test'] as const) {
      expect(webhookSecret({ env, seedDemo: env !== 'production', whatsappAppSecret: 's3cret' })).toEqual({
        source: 'configured',
        secret: 's3cret',
      });
    }
  });

  it('is the demo secret only in development with the demo data', () => {
    expect(webhookSecret({ env: 'development', seedDemo: true })).toEqual({ source: 'demo', secret: DEMO_WHATSAPP_APP_SECRET });
    expect(webhookSecret({ env: 'development', seedDemo: false })).toEqual({ source: 'missing' });
    expect(webhookSecret({ env: 'test', seedDemo: true })).toEqual({ source: 'missing' });
    expect(webhookSecret({ env: 'production', seedDemo: false })).toEqual({ source: 'missing' });
  });
});

describe('checkSignature: a verdict the log can explain', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account"}');
  const signed = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;

  it('tells each refusal apart', () => {
    expect(checkSignature(body, signed, 's3cret')).toBe('valid');
    expect(checkSignature(body, signed.toUpperCase().replace('SHA256', 'sha256'), 's3cret')).toBe('valid');
    expect(checkSignature(body, signed, undefined)).toBe('not_configured');
    expect(checkSignature(undefined, signed, 's3cret')).toBe('no_body');
    expect(checkSignature(body, undefined, 's3cret')).toBe('missing_signature');
    expect(checkSignature(body, '  ', 's3cret')).toBe('missing_signature');
    expect(checkSignature(body, 'sha1=abc', 's3cret')).toBe('malformed_signature');
    expect(checkSignature(body, signed, 'other')).toBe('bad_signature');
    expect(checkSignature(Buffer.from(`${body.toString()} `), signed, 's3cret')).toBe('bad_signature');
  });

  it('has a reason in words for every refusal', () => {
    expect(Object.keys(REFUSAL_REASONS).sort()).toEqual([
      'bad_signature',
      'malformed_signature',
      'missing_signature',
      'no_body',
      'not_configured',
    ]);
  });
});
