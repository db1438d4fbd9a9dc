import type { DesktopApi, StationAlertView, StationPatient as SharedStationPatient, StationSnapshot } from '@plantao/shared';
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

/** What the screens call, answered by the core as the renderer sees it (one signature each, in `DesktopApi`). */
export type ScreenActions = Pick<
  DesktopApi,
  | 'ackAlert'
  | 'markAlertRead'
  | 'listPatients'
  | 'listConversations'
  | 'getConversationMessages'
  | 'assumeConversation'
  | 'resolveConversation'
  | 'replyToConversation'
  | 'subscribePatient'
  | 'unsubscribePatient'
  | 'getAlertAudit'
>;

export interface StationCore extends ScreenActions {
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
  /** "Silence for 2 minutes": bounded, never indefinite. */
  silenceAlarms(): void;
  /** The OS resumed from sleep: reconnect now instead of waiting for backoff. */
  notifyResume(): void;
}
