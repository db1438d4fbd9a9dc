import type { AlertPayload, ConversationUpdatePayload, PatientStatus, PriorityUpdatePayload } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus } from './ports';

/**
 * The station core's public face, consumed by the Electron main process (and
 * by the web bridge in renderer tests). Implemented in `create-station.ts`.
 */
export interface StationAlert extends AlertPayload {
  /** Read by this station's user (kept in sync with `readBy` and `alert_updated`). */
  readByMe: boolean;
  receivedAt: number;
}

export interface StationPatient {
  id: string;
  name: string;
  bed?: string;
  status: PatientStatus;
  priority?: number;
}

export interface StationState {
  connection: ConnectionStatus;
  /** Epoch ms of the last successful connect; disconnected for > 10 s raises the technical alarm. */
  lastConnectedAt?: number;
  disconnectedSince?: number;
  user?: { id: string; name: string; tenantId: string; role: string };
  lastSeq: number;
  /** Alerts by id, bounded to the shift's window. */
  alerts: Record<string, StationAlert>;
  conversations: Record<string, ConversationUpdatePayload[]>;
  priorities: Record<string, PriorityUpdatePayload>;
  patients: Record<string, StationPatient>;
  /** Epoch ms until which repeating alarms are silenced. */
  silencedUntil?: number;
  /** Human-readable problem to show (bad managed config, login refused, ...). */
  lastError?: string;
}

export interface StationCore {
  readonly store: StoreApi<StationState>;
  /** Log in with credentials; persists the refresh token and connects. */
  login(email: string, password: string): Promise<void>;
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
}
