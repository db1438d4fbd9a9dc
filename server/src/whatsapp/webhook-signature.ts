import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a delivery's signature was refused, for the log (the caller gets a plain 401). */
export type SignatureVerdict = 'valid' | 'not_configured' | 'no_body' | 'missing_signature' | 'malformed_signature' | 'bad_signature';

/**
 * `X-Hub-Signature-256: sha256=<hex>` is an HMAC-SHA256 of the exact bytes
 * Meta sent, keyed with the app secret. Compared in constant time; a missing
 * secret on our side fails closed.
 */
export function checkSignature(rawBody: Buffer | undefined, header: string | undefined, appSecret: string | undefined): SignatureVerdict {
  if (!appSecret) return 'not_configured';
  if (!rawBody) return 'no_body';
  if (typeof header !== 'string' || header.trim() === '') return 'missing_signature';
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return 'malformed_signature';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'bad_signature';
}

export function isValidSignature(rawBody: Buffer | undefined, header: string | undefined, appSecret: string | undefined): boolean {
  return checkSignature(rawBody, header, appSecret) === 'valid';
}
