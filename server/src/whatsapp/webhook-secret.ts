import type { AppConfig } from '../config/app-config';
import type { SignatureVerdict } from './webhook-signature';

/**
 * The app secret the demo's webhook is signed with when WHATSAPP_APP_SECRET
 * is unset, so `npm start` accepts the README's signed curl recipe out of the
 * box. Public by design (printed in the start banner): only ever used in
 * development with the demo data, never in production or tests.
 */
export const DEMO_WHATSAPP_APP_SECRET = 'plantao-demo-whatsapp-secret';

export type WebhookSecret =
  { source: 'configured'; secret: string } | { source: 'demo'; secret: string } | { source: 'missing'; secret?: undefined };

/** Which secret checks `X-Hub-Signature-256`: WHATSAPP_APP_SECRET, else the demo's (development + demo seed), else none. */
export function webhookSecret(config: Pick<AppConfig, 'env' | 'seedDemo' | 'whatsappAppSecret'>): WebhookSecret {
  if (config.whatsappAppSecret) return { source: 'configured', secret: config.whatsappAppSecret };
  if (config.env === 'development' && config.seedDemo) return { source: 'demo', secret: DEMO_WHATSAPP_APP_SECRET };
  return { source: 'missing' };
}

/** What each refusal means for whoever reads the log at 3 a.m. */
export const REFUSAL_REASONS: Record<Exclude<SignatureVerdict, 'valid'>, string> = {
  not_configured: 'WHATSAPP_APP_SECRET is not set on this server, so no delivery can be verified; set it to the Meta app secret',
  no_body: 'the body was not read as JSON (Content-Type must be application/json)',
  missing_signature: 'the request has no X-Hub-Signature-256 header (not from Meta, or a proxy dropped it)',
  malformed_signature: 'X-Hub-Signature-256 is not "sha256=<64 hex digits>"',
  bad_signature:
    "X-Hub-Signature-256 does not match the body: WHATSAPP_APP_SECRET is not this Meta app's secret, or something changed the body on the way",
};
