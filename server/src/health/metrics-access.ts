import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

/**
 * Who may scrape `/metrics`. Tenant ids, traffic and error rates are not for
 * anyone who can reach the port, so production closes it by default:
 * - METRICS_TOKEN set (any environment): `Authorization: Bearer <token>` only;
 * - production without a token: closed (401 for everyone; start-up warns),
 *   unless METRICS_PUBLIC=true (a scraper on a private network);
 * - development and test without a token: open, as before.
 */
export type MetricsAccess = 'token' | 'open' | 'closed';

export function metricsAccess(config: Pick<AppConfig, 'env' | 'metricsToken' | 'metricsPublic'>): MetricsAccess {
  if (config.metricsToken) return 'token';
  return config.env !== 'production' || config.metricsPublic ? 'open' : 'closed';
}

/** Whether this `Authorization` header may read the metrics. Constant-time in the token (hashes are compared). */
export function mayScrape(config: Pick<AppConfig, 'env' | 'metricsToken' | 'metricsPublic'>, authorization: string | undefined): boolean {
  const access = metricsAccess(config);
  if (access !== 'token') return access === 'open';
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(match[1]!), digest(config.metricsToken!));
}
