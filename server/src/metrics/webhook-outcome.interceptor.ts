import { type CallHandler, type ExecutionContext, HttpException, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { Metrics, type WEBHOOK_REJECTION_REASONS } from './metrics.service';

/**
 * Counts what the WhatsApp webhook answered, from the outside of the handler:
 * accepted (stored, 200) or rejected with a reason. Put on the route with
 * `@UseInterceptors`, so the controller keeps its one job.
 */
@Injectable()
export class WebhookOutcomeInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap({
        next: () => this.metrics.webhookAccepted.inc(),
        error: (error: unknown) => this.metrics.webhookRejected.inc({ reason: webhookRejectionReason(error) }),
      }),
    );
  }
}

/** 401: the signature; 400: the body; anything else (the database could not store it): error, and Meta retries. */
export function webhookRejectionReason(error: unknown): (typeof WEBHOOK_REJECTION_REASONS)[number] {
  const status = error instanceof HttpException ? error.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
  if (status === HttpStatus.UNAUTHORIZED) return 'signature';
  if (status === HttpStatus.BAD_REQUEST) return 'malformed';
  return 'error';
}
