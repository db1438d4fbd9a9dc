import type { StationSnapshot } from '@plantao/shared';
import type { StationState } from '../core/station-core';

/**
 * The state as plain JSON for the renderer. Fields are picked one by one:
 * anything else in the store (e.g. functions) cannot cross IPC.
 */
export function toSnapshot(state: StationState): StationSnapshot {
  return {
    connection: state.connection,
    lastConnectedAt: state.lastConnectedAt,
    disconnectedSince: state.disconnectedSince,
    user: state.user,
    lastSeq: state.lastSeq,
    alerts: state.alerts,
    conversations: state.conversations,
    priorities: state.priorities,
    patients: state.patients,
    staff: state.staff,
    config: state.config,
    silencedUntil: state.silencedUntil,
    lastError: state.lastError,
    stationsOnline: state.stationsOnline,
  };
}
