import type { ConversationMessage } from '../events/conversation';
import type { ConversationView } from '../rest/conversations';
import type { AlertAuditEntry } from '../rest/station';
import type { LoginCredentials, SettingsPatch, SoundKind } from './requests';
import type { EffectiveSettings } from '../config/managed-config';
import type { ManagedConfigStatus, StationInfo } from './settings';
import type { StationPatient, StationSnapshot } from './snapshot';

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * What the preload exposes to the renderer as `window.plantao` (and what the
 * browser station's web bridge implements): one function per IPC channel.
 * Invokes reject with an Error whose message starts with `[code]` (see
 * `ipcErrorCodeOf`) when the station refuses them; the renderer picks its own
 * words from the code.
 */
export interface DesktopApi {
  getState(): Promise<StationSnapshot>;
  /** Called with the whole snapshot after every change of the station state. */
  onStateChanged(listener: (state: StationSnapshot) => void): Unsubscribe;
  ackAlert(alertId: string): Promise<void>;
  markAlertRead(alertId: string): Promise<void>;
  /** "Silence for 2 minutes": bounded, never indefinite. */
  silenceAlarms(): Promise<void>;
  /** Rejects with `[login_refused]`, `[server_unreachable]` or `[certificate_error]`. */
  login(credentials: LoginCredentials): Promise<void>;
  logout(): Promise<void>;
  /** Effective values, with the keys IT locked (shown disabled). */
  getSettings(): Promise<EffectiveSettings>;
  /** Rejects with `[locked_setting]` when a key is locked by the managed config. */
  setSettings(patch: SettingsPatch): Promise<EffectiveSettings>;
  getManagedConfigStatus(): Promise<ManagedConfigStatus>;
  getStationInfo(): Promise<StationInfo>;
  /** The nurse clicked a notification about this alert. */
  onOpenAlert(listener: (alertId: string) => void): Unsubscribe;

  /** The hospital's patients, highest priority first (also refreshes the snapshot's `patients`). */
  listPatients(): Promise<StationPatient[]>;
  /** The hospital's conversations, newest first (a patient's conversation is found by `patientId`). */
  listConversations(): Promise<ConversationView[]>;
  /** The conversation's last messages, oldest first, with the delivery state of replies. */
  getConversationMessages(conversationId: string): Promise<ConversationMessage[]>;
  assumeConversation(conversationId: string): Promise<void>;
  resolveConversation(conversationId: string): Promise<void>;
  /** Stored at once (`deliveryStatus: pending`); `conversation_update`s then carry `sent` or `failed`. */
  replyToConversation(conversationId: string, content: string): Promise<ConversationMessage>;
  /** While a patient's conversation is open: live updates of that patient's room. */
  subscribePatient(patientId: string): Promise<void>;
  unsubscribePatient(patientId: string): Promise<void>;
  /** Who read / acknowledged / received the alert, and when. */
  getAlertAudit(alertId: string): Promise<AlertAuditEntry[]>;
  /** Plays one alarm sound once, from settings. */
  testSound(kind: SoundKind): Promise<void>;
}
