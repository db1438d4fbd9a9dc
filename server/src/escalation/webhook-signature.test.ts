import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('outbound webhook signature', () => {
  const body = JSON.stringify({ event: 'alert_escalated', alert: { patientName: 'João' } });

  it('is sha256= and the hex HMAC-SHA256 of the exact body bytes (UTF-8)', () => {
    const expected = createHmac('sha256', 'segredo-do-hospital').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signWebhookBody(body, 'segredo-do-hospital')).toBe(`sha256=${expected}`);
  });

  it('verifies only the same body with the same secret', () => {
    const signature = signWebhookBody(body, 'segredo-do-hospital');
    expect(verifyWebhookSignature(body, 'segredo-do-hospital', signature)).toBe(true);
    expect(verifyWebhookSignature(`${body} `, 'segredo-do-hospital', signature)).toBe(false);
    expect(verifyWebhookSignature(body, 'outro-segredo-qualquer', signature)).toBe(false);
    expect(verifyWebhookSignature(body, 'segredo-do-hospital', undefined)).toBe(false);
    expect(verifyWebhookSignature(body, 'segredo-do-hospital', 'sha256=00')).toBe(false);
  });
});
