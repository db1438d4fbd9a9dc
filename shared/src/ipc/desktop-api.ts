import type { LoginCredentials, SettingsPatch } from './requests';
import type { EffectiveSettings } from '../config/managed-config';
import type { ManagedConfigStatus } from './settings';
import type { StationSnapshot } from './snapshot';

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * What the preload exposes to the renderer as `window.plantao`: one function
 * per IPC channel. Invokes reject with an Error whose message starts with
 * `[code]` (see `ipcErrorCodeOf`) when the main process refuses them.
 */
export interface DesktopApi {
  getState(): Promise<StationSnapshot>;
  /** Called with the whole snapshot after every change of the station state. */
  onStateChanged(listener: (state: StationSnapshot) => void): Unsubscribe;
  ackAlert(alertId: string): Promise<void>;
  markAlertRead(alertId: string): Promise<void>;
  /** "Silence for 2 minutes": bounded, never indefinite. */
  silenceAlarms(): Promise<void>;
  login(credentials: LoginCredentials): Promise<void>;
  logout(): Promise<void>;
  /** Effective values, with the keys IT locked (shown disabled). */
  getSettings(): Promise<EffectiveSettings>;
  /** Rejects with `[locked_setting]` when a key is locked by the managed config. */
  setSettings(patch: SettingsPatch): Promise<EffectiveSettings>;
  getManagedConfigStatus(): Promise<ManagedConfigStatus>;
  /** The nurse clicked a notification about this alert. */
  onOpenAlert(listener: (alertId: string) => void): Unsubscribe;
}
