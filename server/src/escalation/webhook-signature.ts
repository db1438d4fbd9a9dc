import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Plantao-Signature: sha256=<hex HMAC-SHA256 of the raw body>` (issue #9),
 * the same scheme as Meta's `X-Hub-Signature-256`, so a paging system that
 * already checks WhatsApp webhooks checks ours the same way.
 */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers and tests: constant-time comparison of a presented signature. */
export function verifyWebhookSignature(body: string, secret: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
