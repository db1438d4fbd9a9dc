import { IpcErrorCode, type IpcErrorCodeName } from '@plantao/shared';
import { HttpError, UnreachableError } from './rest-client';

/**
 * An error the station reports to whoever drives it (the renderer, through
 * main's IPC or the web bridge) with a code the UI words itself: "wrong
 * password" and "server unreachable" need different advice at the desk.
 */
export class StationError extends Error {
  constructor(
    readonly code: IpcErrorCodeName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StationError';
  }
}

/** Node's (undici's) TLS verification failures: the address answers, but its certificate is not trusted. */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
]);

/** Walks `cause` chains (fetch → undici → tls) looking for a certificate error code. */
export function isCertificateError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The code for a failed REST call: refused by the server, unreachable, or an untrusted certificate. */
export function codeOfRestFailure(error: unknown): IpcErrorCodeName {
  if (isCertificateError(error)) return IpcErrorCode.CertificateError;
  if (error instanceof HttpError) return error.status === 401 ? IpcErrorCode.NotLoggedIn : IpcErrorCode.Refused;
  if (error instanceof UnreachableError) return IpcErrorCode.ServerUnreachable;
  return IpcErrorCode.Failed;
}
