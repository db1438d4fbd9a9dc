import { IpcErrorCode, type StationPatient } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { Connection } from './connection';
import type { CoreMessages } from './i18n';
import { type CoreLogger, errorContext } from './logger';
import type { RestClient } from './rest-client';
import { codeOfRestFailure, StationError } from './station-error';
import type { ScreenActions, StationState } from './station-core';
import { applyPatientList } from './store';

/** What the screens do besides alert actions: the worklist, conversations, replies, audit. */
export type ClinicalActions = Omit<ScreenActions, 'ackAlert' | 'markAlertRead'> & {
  /** After every (re)connect: the server forgot this socket's patient rooms. */
  resubscribe(): void;
  /** Logout / another hospital: no room survives. */
  clearSubscriptions(): void;
};

/** The signed-in session, as these actions need it. */
export interface SessionAccess {
  accessToken(): Promise<string>;
  connection: Connection;
}

export interface ClinicalActionsOptions {
  rest: () => RestClient;
  session: () => SessionAccess | undefined;
  store: StoreApi<StationState>;
  text: () => CoreMessages;
  logger: CoreLogger;
  roomTimeoutMs?: number;
}

/** Highest priority first; ties by bed then name, so the list does not shuffle between loads. */
export const byPriority = (a: StationPatient, b: StationPatient): number =>
  (b.priority ?? 0) - (a.priority ?? 0) ||
  (a.bed ?? '').localeCompare(b.bed ?? '', 'pt-BR', { numeric: true }) ||
  a.name.localeCompare(b.name, 'pt-BR');

export function createClinicalActions(options: ClinicalActionsOptions): ClinicalActions {
  const log = options.logger;
  const roomTimeoutMs = options.roomTimeoutMs ?? 5_000;
  /** Patients whose conversation is open on this station. */
  const subscribed = new Set<string>();

  const requireSession = (): SessionAccess => {
    const session = options.session();
    if (!session) throw new StationError(IpcErrorCode.NotLoggedIn, options.text().notLoggedIn);
    return session;
  };

  /** One REST call with a fresh token; failures become coded errors the UI can word. */
  const withRest = async <T>(what: string, call: (rest: RestClient, token: string) => Promise<T>): Promise<T> => {
    const session = requireSession();
    try {
      return await call(options.rest(), await session.accessToken());
    } catch (error) {
      if (error instanceof StationError) throw error;
      const code = codeOfRestFailure(error);
      log.warn(`${what} failed`, { code, ...errorContext(error) });
      const message = code === IpcErrorCode.ServerUnreachable ? options.text().serverUnreachable : options.text().actionFailed;
      throw new StationError(code, error instanceof Error && code === IpcErrorCode.Refused ? `${message} (${error.message})` : message, {
        cause: error,
      });
    }
  };

  const room = async (action: 'subscribe' | 'unsubscribe', patientId: string) => {
    const session = requireSession();
    if (!session.connection.connected) return; // rejoined by `resubscribe` at the next connect
    const answer = await session.connection.patientRoom(action, patientId, roomTimeoutMs);
    if (!answer.ok)
      throw new StationError(IpcErrorCode.Refused, `${action}_patient: ${answer.code}${answer.message ? ` ${answer.message}` : ''}`);
  };

  return {
    async listPatients() {
      const list = await withRest('patient list', (rest, token) => rest.patients(token));
      options.store.setState(applyPatientList(options.store.getState(), list));
      const patients = options.store.getState().patients;
      return list
        .map((p) => patients[p.id])
        .filter((p): p is StationPatient => p !== undefined)
        .sort(byPriority);
    },
    listConversations: () => withRest('conversation list', (rest, token) => rest.conversations(token)),
    getConversationMessages: (conversationId) => withRest('conversation messages', (rest, token) => rest.messages(token, conversationId)),
    assumeConversation: (conversationId) => withRest('assume', (rest, token) => rest.conversationAction(token, conversationId, 'assume')),
    resolveConversation: (conversationId) =>
      withRest('resolve', (rest, token) => rest.conversationAction(token, conversationId, 'resolve')),
    replyToConversation: (conversationId, content) => withRest('reply', (rest, token) => rest.reply(token, conversationId, content)),
    getAlertAudit: (alertId) => withRest('alert audit', (rest, token) => rest.audit(token, alertId)),

    async subscribePatient(patientId) {
      subscribed.add(patientId);
      await room('subscribe', patientId);
    },
    async unsubscribePatient(patientId) {
      subscribed.delete(patientId);
      await room('unsubscribe', patientId);
    },
    resubscribe() {
      for (const patientId of subscribed) {
        room('subscribe', patientId).catch((error: unknown) =>
          log.warn('patient room not rejoined', { patientId, ...errorContext(error) }),
        );
      }
    },
    clearSubscriptions() {
      subscribed.clear();
    },
  };
}
