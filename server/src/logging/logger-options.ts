import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/**
 * Structured JSON logs through pino (fast, the Nest ecosystem's standard).
 * Request logs carry the tenant and user, never bodies: patient messages and
 * tokens (nor query strings, where tokens travel) must not end up in log files.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]'],
      customProps: (req) => {
        const user = (req as { user?: { tenantId?: string; userId?: string } }).user;
        return user ? { tenantId: user.tenantId, userId: user.userId } : {};
      },
      // Query strings never reach a log line (Meta's `hub.verify_token`, any token a client puts in a URL).
      serializers: {
        req: (req: Record<string, unknown>) => {
          const { query: _query, ...rest } = req;
          return { ...rest, ...(typeof req.url === 'string' ? { url: withoutQuery(req.url) } : {}) };
        },
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    },
  };
}

/** `/path?a=b` → `/path?[redacted]`: the path stays useful, the query does not leak. */
export function withoutQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?[redacted]`;
}
