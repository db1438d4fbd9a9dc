/**
 * What the station core asks of its host (the Electron main process, or a
 * test). The core decides *when* to alarm; the host decides *how* on its OS.
 * Keeping this boundary small is what lets the core run in plain Node.
 */
import type { ConnectionStatus, SoundKind } from '@plantao/shared';

/** Defined once in `shared/` (the renderer tests sounds and shows the connection by these names). */
export type { ConnectionStatus, SoundKind };

export interface NotificationRequest {
  /** Stable id: re-notifying the same alert replaces instead of stacking. */
  id: string;
  title: string;
  body: string;
  urgency: 'critical' | 'normal' | 'low';
  /** The alert a click should open, when the notification is about one. */
  alertId?: string;
}

export interface AlarmOutputs {
  notify(request: NotificationRequest): void;
  playSound(kind: SoundKind): void;
}

/** What the tray icon and badge show. */
export interface TrayState {
  connection: ConnectionStatus;
  unread: number;
  unacknowledgedCritical: number;
  /** Epoch ms until which repeating alarms are silenced, if a nurse pressed "silence 2 min". */
  silencedUntil?: number;
}
