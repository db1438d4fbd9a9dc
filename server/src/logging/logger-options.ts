import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/**
 * Structured JSON logs through pino (fast, the Nest ecosystem's standard).
 * Request logs carry the tenant and user, never bodies: patient messages and
 * tokens must not end up in log files.
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
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    },
  };
}
