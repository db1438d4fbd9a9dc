import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Every REST error leaves as `{statusCode, error, message}` (contract v1),
 * including body-parser errors (413, malformed JSON) that happen before Nest
 * routing. Unknown errors are logged and answered 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly unavailable: readonly UnavailableRule[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const rule = this.unavailable.find((r) => r.matches(exception));
    if (rule) {
      // Not a bug to page about: a dependency is down or busy; the client retries.
      this.logger.warn({ code: rule.code, err: exception }, rule.message);
      response.setHeader('Retry-After', String(rule.retryAfterSeconds));
      response.status(503).json({ statusCode: 503, error: reasonPhrase(503), message: rule.message, code: rule.code });
      return;
    }
    const { statusCode, message, code, details } = toStatus(exception);
    if (statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response
      .status(statusCode)
      .json({ statusCode, error: reasonPhrase(statusCode), message, ...(code ? { code } : {}), ...(details ? { details } : {}) });
  }
}

/**
 * An error meaning a dependency cannot serve now (the database unreachable
 * or locked): answered 503 with a `code` a client can act on and
 * `Retry-After`, instead of 500. The composition root supplies the rules, so
 * common/ knows no database.
 */
export interface UnavailableRule {
  code: string;
  message: string;
  retryAfterSeconds: number;
  matches(error: unknown): boolean;
}

/**
 * Status, message and, when the exception was thrown with one
 * (`new ConflictException({message, code})`), a `code` a client can act on.
 */
export function toStatus(exception: unknown): { statusCode: number; message: string; code?: string; details?: unknown[] } {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
    const code =
      typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : undefined;
    // `details`: the fields at fault (`[{field, message}]`, ZodPipe and field-level refusals).
    const details =
      typeof body === 'object' && Array.isArray((body as { details?: unknown }).details)
        ? (body as { details: unknown[] }).details
        : undefined;
    return { statusCode: exception.getStatus(), message, ...(code ? { code } : {}), ...(details ? { details } : {}) };
  }
  // body-parser errors carry `status`/`type` (e.g. entity.too.large → 413).
  const status = (exception as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (exception as { type?: unknown }).type;
    const message =
      type === 'entity.too.large'
        ? 'Request body too large'
        : type === 'entity.parse.failed'
          ? 'Malformed JSON body'
          : String((exception as Error).message);
    return { statusCode: status, message };
  }
  return { statusCode: 500, message: 'Internal server error' };
}

export function reasonPhrase(statusCode: number): string {
  const name = HttpStatus[statusCode];
  return typeof name === 'string'
    ? name
        .toLowerCase()
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' ')
    : 'Error';
}
