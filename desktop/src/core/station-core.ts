import type {
  AlertAuditEntry,
  ConversationMessage,
  ConversationView,
  StationAlertView,
  StationPatient as SharedStationPatient,
  StationSnapshot,
} from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';

/**
 * The station core's public face, consumed by the Electron main process and
 * by the browser station's web bridge. Implemented in `create-station.ts`.
 *
 * The state is exactly what the renderer receives (the IPC snapshot schema in
 * `shared/src/ipc/snapshot.ts`): one definition of each shape.
 */
export type StationAlert = StationAlertView;
export type StationPatient = SharedStationPatient;
export type StationState = StationSnapshot;

export interface StationCore {
  readonly store: StoreApi<StationState>;
  /** The server this station talks to (changes only through `login` with another address). */
  readonly serverUrl: string;
  /**
   * Log in with credentials; persists the refresh token and connects. With a
   * `serverUrl` other than the current one, the station switches servers
   * first (and forgets the other server's alerts). Rejects with a
   * `StationError` (`login_refused`, `server_unreachable`, `certificate_error`).
   */
  login(email: string, password: string, serverUrl?: string): Promise<void>;
  logout(): Promise<void>;
  /** Connect with a persisted session if there is one. */
  start(): Promise<void>;
  stop(): Promise<void>;
  ackAlert(alertId: string): Promise<void>;
  markAlertRead(alertId: string): Promise<void>;
  /** "Silence for 2 minutes": bounded, never indefinite. */
  silenceAlarms(): void;
  /** The OS resumed from sleep: reconnect now instead of waiting for backoff. */
  notifyResume(): void;

  /** The hospital's patients, highest priority first; refreshes `patients` in the store. */
  listPatients(): Promise<StationPatient[]>;
  listConversations(): Promise<ConversationView[]>;
  getConversationMessages(conversationId: string): Promise<ConversationMessage[]>;
  assumeConversation(conversationId: string): Promise<void>;
  resolveConversation(conversationId: string): Promise<void>;
  replyToConversation(conversationId: string, content: string): Promise<ConversationMessage>;
  /** Joins the patient's room while their conversation is open (rejoined after a reconnect). */
  subscribePatient(patientId: string): Promise<void>;
  unsubscribePatient(patientId: string): Promise<void>;
  getAlertAudit(alertId: string): Promise<AlertAuditEntry[]>;
}
