import { IpcErrorCode } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { CoreMessages } from './i18n';
import { type CoreLogger, errorContext } from './logger';
import { baseUrlOf, createRestClient, HttpError, type RestClient } from './rest-client';
import type { StationCore, StationState } from './station-core';
import { codeOfRestFailure, StationError } from './station-error';
import type { StationPersistence } from './station-persistence';
import type { StationUser } from './station-session';
import { recomputeReadByMe } from './store';

/**
 * Which server the station talks to, and signing in to it. A login to
 * another server or another hospital forgets the local alerts first
 * (nothing leaks across tenants); the session is saved before it connects.
 */
export interface SignIn {
  /** Changes only when a nurse signs in to another server (first sign-in of a station). */
  readonly serverUrl: string;
  /** The REST client of the current server. */
  rest(): RestClient;
  login: StationCore['login'];
}

export interface SignInOptions {
  serverUrl: string;
  fetch?: typeof fetch;
  store: StoreApi<StationState>;
  persistence: StationPersistence;
  /** Ends the current session, if any: the login replaces it. */
  endSession(): void;
  beginSession(user: StationUser, refreshToken: string, accessToken: string): void;
  text: () => CoreMessages;
  logger: CoreLogger;
}

export function createSignIn(options: SignInOptions): SignIn {
  const { store, persistence, text } = options;
  const log = options.logger;
  const restFor = (url: string): RestClient => createRestClient({ serverUrl: url, ...(options.fetch ? { fetch: options.fetch } : {}) });
  let serverUrl = options.serverUrl;
  let rest = restFor(serverUrl);
  // The saved session and alerts are bound to this server's origin (wiped at load if they came from another).
  persistence.bindServer(serverUrl);

  return {
    get serverUrl() {
      return serverUrl;
    },
    rest: () => rest,

    async login(email, password, requestedServerUrl) {
      await persistence.ensureLoaded();
      // Another server (first sign-in of a station, or IT moved it): only adopted once it accepts the login.
      const switching = requestedServerUrl !== undefined && baseUrlOf(requestedServerUrl) !== baseUrlOf(serverUrl);
      const client = switching ? restFor(requestedServerUrl) : rest;
      let response;
      try {
        response = await client.login(email, password);
      } catch (error) {
        const code = loginFailureCode(error);
        const message =
          code === IpcErrorCode.LoginRefused
            ? text().loginRefused
            : code === IpcErrorCode.TooManyAttempts
              ? text().tooManyAttempts
              : code === IpcErrorCode.CertificateError
                ? text().certificateError
                : text().serverUnreachable;
        log.warn('login failed', { email, code, ...errorContext(error) });
        store.setState({ lastError: message });
        throw new StationError(code, message, { cause: error });
      }
      const user = { ...response.user };
      options.endSession();
      if (switching) {
        log.info('signed in to another server: local alerts cleared', { from: serverUrl, to: requestedServerUrl });
        persistence.wipeData();
        persistence.forgetTenant();
        serverUrl = requestedServerUrl;
        rest = client;
        persistence.bindServer(serverUrl);
      }
      const tenantId = persistence.tenantId;
      if (tenantId !== undefined && tenantId !== user.tenantId) {
        log.info('login to another hospital: local alerts cleared', { from: tenantId, to: user.tenantId });
        persistence.wipeData();
      } else if (store.getState().user?.id !== user.id) {
        store.setState({ alerts: recomputeReadByMe(store.getState().alerts, user.id) });
      }
      await persistence.saveLogin({ refreshToken: response.refreshToken, user });
      options.beginSession(user, response.refreshToken, response.accessToken);
    },
  };
}

/** Why a login failed, in the words the sign-in screen needs. */
function loginFailureCode(error: unknown) {
  if (error instanceof HttpError && (error.status === 401 || error.status === 400)) return IpcErrorCode.LoginRefused;
  // The server's sign-in throttle: not "unreachable", the nurse must wait (issue #8).
  if (error instanceof HttpError && error.status === 429) return IpcErrorCode.TooManyAttempts;
  const code = codeOfRestFailure(error);
  return code === IpcErrorCode.CertificateError ? code : IpcErrorCode.ServerUnreachable;
}
