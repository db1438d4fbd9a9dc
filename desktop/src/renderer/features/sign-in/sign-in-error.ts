import { ipcErrorCodeOf } from '@plantao/shared';
import type { MessageKey } from '../../i18n/pt-BR';

/** The words for a refused sign-in, picked by the station's error code (never its raw message). */
export function signInErrorKey(error: unknown): MessageKey {
  switch (ipcErrorCodeOf(error)) {
    case 'login_refused':
      return 'signIn.error.login_refused';
    case 'server_unreachable':
      return 'signIn.error.server_unreachable';
    case 'certificate_error':
      return 'signIn.error.certificate_error';
    case 'too_many_attempts':
      return 'signIn.error.too_many_attempts';
    case 'invalid_payload':
      return 'signIn.error.invalid_payload';
    default:
      return 'signIn.error.generic';
  }
}
