import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600;

/**
 * Security headers on every HTTP answer (helmet; `X-Powered-By` is dropped
 * too). The CSP is helmet's, tightened for what this server serves: JSON, and
 * two pages. Swagger UI at `/api/docs` loads its own scripts from here and
 * needs inline styles (`'unsafe-inline'` for styles only); `/station` replaces
 * this CSP with its stricter own (station-files.ts). Nothing may frame us.
 * Not `upgrade-insecure-requests`: the server speaks plain HTTP (TLS, when
 * used, ends at a proxy in front), and on a plain-HTTP address the browser
 * would ask for Swagger UI's scripts over HTTPS and fail.
 * HSTS in production only: browsers ignore it over HTTP (RFC 6797 §8.1), so it
 * takes effect exactly when a TLS proxy serves us, and never pins a developer's
 * `localhost` to HTTPS. Without `includeSubDomains`: the hospital's other
 * hosts are not ours to decide.
 */
export function securityHeaders(config: Pick<AppConfig, 'env'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: config.env === 'production' ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });
}
