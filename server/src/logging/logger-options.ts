import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/**
 * Structured JSON logs through pino (fast, the Nest ecosystem's standard), one
 * JSON object per line in every environment (read them in a terminal with
 * `| npx pino-pretty`). A request log line is a summary: method, path, status,
 * `responseTime` (ms), request id, and the tenant and user when signed in.
 * Never headers (tokens, cookies, signatures), bodies (patient messages) or
 * query strings (where tokens travel).
 */
export function loggerOptions(config: AppConfig): Params {
  const requestLineLevel = requestLinesWritten(config.logLevel) ? 'info' : 'silent';
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: requestId,
      // Lines an app logs during a request carry `reqId`, not the request again.
      quietReqLogger: true,
      // Request lines are written at `info` (pino-http's default level, errors included). Below that level
      // (LOG_LEVEL=warn in production), 'silent' makes pino-http skip the line's work too: the extra
      // child logger, the summary objects and the message, on every request, for a line nobody writes.
      customLogLevel: () => requestLineLevel,
      // Undefined until the guard has set the user (the request's start): no empty child logger per request.
      customProps: (req) => {
        const user = (req as { user?: { tenantId?: string; userId?: string } }).user;
        // pino-http skips a falsy result; its types only say `Bindings`.
        return (user ? { tenantId: user.tenantId, userId: user.userId } : undefined) as Record<string, unknown>;
      },
      serializers: { req: requestSummary, res: responseSummary },
      // Belt and braces: were a header ever serialized again, these stay out.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]', 'res.headers["set-cookie"]'],
      autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req.url ?? '')) },
    },
  };
}

/** pino's numeric levels: a request line (`info`) is written when the configured level is `info` or below. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export function requestLinesWritten(logLevel: string): boolean {
  return (LEVELS[logLevel] ?? LEVELS.info!) <= LEVELS.info!;
}

/** Probed every few seconds by balancers and Prometheus: a line each would drown the rest. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** A request id from a trusted front (`X-Request-Id`, when it looks like one) or a new UUID; echoed in the response. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** pino-http's serialized request, reduced to what a request line needs. */
export function requestSummary(req: { id?: unknown; method?: unknown; url?: unknown }): { id?: unknown; method?: unknown; url?: string } {
  return { id: req.id, method: req.method, ...(typeof req.url === 'string' ? { url: withoutQuery(req.url) } : {}) };
}

export function responseSummary(res: { statusCode?: unknown }): { statusCode?: unknown } {
  return { statusCode: res.statusCode };
}

/** `/path?a=b` → `/path?[redacted]`: the path stays useful, the query does not leak. */
export function withoutQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?[redacted]`;
}

function pathOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}
