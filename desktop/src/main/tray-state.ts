import type { TrayState } from '../core/ports';
import type { StationState } from '../core/station-core';

/** Reduces the station state to what the tray shows. */
export function trayStateOf(state: StationState): TrayState {
  let unread = 0;
  let unacknowledgedCritical = 0;
  for (const alert of Object.values(state.alerts)) {
    if (!alert.readByMe) unread += 1;
    if (alert.severity === 'critical' && alert.acknowledgedBy === undefined) unacknowledgedCritical += 1;
  }
  return { connection: state.connection, unread, unacknowledgedCritical, silencedUntil: state.silencedUntil };
}
