import { HttpException, HttpStatus } from '@nestjs/common';
import { UserErrorCode } from '@plantao/shared';
import type { FAILED_LOGIN_REASONS } from '../metrics/metrics.service';

/**
 * The `reason` label of `plantao_failed_logins_total` for a refused sign-in,
 * or undefined for a failure that is not a refusal (the database down: 503).
 * Fixed words only: never the e-mail tried.
 */
export function loginFailureReason(error: unknown): (typeof FAILED_LOGIN_REASONS)[number] | undefined {
  if (!(error instanceof HttpException)) return undefined;
  if (error.getStatus() === HttpStatus.TOO_MANY_REQUESTS) return 'throttled';
  if (error.getStatus() !== HttpStatus.UNAUTHORIZED) return undefined;
  const body = error.getResponse();
  return typeof body === 'object' && (body as { code?: unknown }).code === UserErrorCode.AccountDisabled
    ? 'account_disabled'
    : 'invalid_credentials';
}
