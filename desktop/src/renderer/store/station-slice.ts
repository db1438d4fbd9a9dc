import type { DesktopApi, StationAlertView, StationSnapshot } from '@plantao/shared';
import type { StateCreator } from 'zustand/vanilla';
import type { RendererState } from './create-renderer-store';
import { reuseSnapshot } from './reuse-snapshot';
import { alertBed } from './selectors';

/**
 * New critical alerts for the assertive live region, as they were when they
 * arrived (the words must not change under a screen reader); `key` changes
 * once per announcement.
 */
export interface CriticalAnnouncement {
  key: number;
  /** `escalated`: an alert already announced whose escalation went up (issue #9). */
  alerts: readonly { alert: StationAlertView; bed: string | undefined; escalated?: boolean }[];
}

/**
 * A read-only mirror of the station core's state. The core (main process) is
 * the store of record: this slice never edits alerts locally, it only
 * replaces its copy with each pushed snapshot (reusing unchanged objects).
 * Actions go to the core through DesktopApi; their effect comes back as the
 * next snapshot.
 */
export interface StationSlice {
  /** `undefined` until the first snapshot arrived. */
  station: StationSnapshot | undefined;
  stationLoadFailed: boolean;
  criticalAnnouncement: CriticalAnnouncement | undefined;
  receiveSnapshot(snapshot: StationSnapshot): void;
  markStationLoadFailed(): void;
  ackAlert(alertId: string): Promise<void>;
  markAlertRead(alertId: string): Promise<void>;
  silenceAlarms(): Promise<void>;
}

const announceable = (alert: StationAlertView): boolean =>
  alert.severity === 'critical' && alert.acknowledgedBy === undefined && alert.historical !== true;

export const createStationSlice =
  (api: DesktopApi): StateCreator<RendererState, [], [], StationSlice> =>
  (set, get) => {
    // Ids already announced (or present when the nurse signed in): each critical alert is announced once.
    const announced = new Set<string>();
    /** The escalation level last announced (or present at sign-in) per alert. */
    const escalationSeen = new Map<string, number>();
    let announcementKey = 0;

    return {
      station: undefined,
      stationLoadFailed: false,
      criticalAnnouncement: undefined,
      receiveSnapshot: (snapshot) => {
        const previous = get().station;
        const station = reuseSnapshot(previous, snapshot);
        if (station === previous) return;
        // Alerts already there when this user's session started are the pinned
        // strip's job, not news: only alerts arriving during a session are announced.
        const continuing = previous?.user !== undefined && previous.user.id === station.user?.id;
        if (!continuing) {
          announced.clear();
          escalationSeen.clear();
        }
        const fresh: CriticalAnnouncement['alerts'][number][] = [];
        for (const alert of Object.values(station.alerts)) {
          const level = alert.escalationLevel ?? 0;
          const escalatedNow = level > (escalationSeen.get(alert.id) ?? 0);
          if (escalatedNow) escalationSeen.set(alert.id, level);
          if (announced.has(alert.id)) {
            // Known already: news only when its escalation went up while it still waits.
            if (continuing && escalatedNow && announceable(alert))
              fresh.push({ alert, bed: alertBed(alert, station.patients[alert.patientId]), escalated: true });
            continue;
          }
          announced.add(alert.id);
          if (continuing && announceable(alert))
            fresh.push({ alert, bed: alertBed(alert, station.patients[alert.patientId]), ...(level > 0 ? { escalated: true } : {}) });
        }
        const criticalAnnouncement = fresh.length > 0 ? { key: ++announcementKey, alerts: fresh } : get().criticalAnnouncement;
        set({ station, stationLoadFailed: false, criticalAnnouncement });
      },
      markStationLoadFailed: () => set({ stationLoadFailed: true }),
      ackAlert: (alertId) => api.ackAlert(alertId),
      markAlertRead: (alertId) => api.markAlertRead(alertId),
      silenceAlarms: () => api.silenceAlarms(),
    };
  };
