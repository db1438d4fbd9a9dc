import {
  DEFAULT_TIME_ZONE,
  type Locale,
  type PriorityCategory,
  type PriorityUpdatePayload,
  priorityCategory,
  type StationAlertView,
  type StationPatient,
  type StationSnapshot,
} from '@plantao/shared';
import type { RendererState } from './create-renderer-store';
import type { AlertFilter } from './ui-slice';

/**
 * Named selectors. Those that build arrays are memoized on the identity of
 * the records they read (kept stable by reuseSnapshot), so components get the
 * same array back until something they show really changed.
 */

type Alerts = StationSnapshot['alerts'];
const EMPTY_ALERTS: Alerts = {};
const EMPTY: readonly never[] = [];

/** Caches one derived value per source object (records are replaced, never mutated). */
function memoByRecord<S extends object, R>(derive: (source: S) => R): (source: S) => R {
  const cache = new WeakMap<S, R>();
  return (source) => {
    let value = cache.get(source);
    if (value === undefined) {
      value = derive(source);
      cache.set(source, value);
    }
    return value;
  };
}

const alertsOf = (state: RendererState): Alerts => state.station?.alerts ?? EMPTY_ALERTS;
const time = (iso: string): number => Date.parse(iso);

/**
 * How far up an alert is pinned: escalated ones nobody acknowledged yet
 * (issue #9) first, level 2 above level 1; everything else by time.
 */
const escalationRank = (alert: StationAlertView): number =>
  alert.acknowledgedBy === undefined && alert.historical !== true ? (alert.escalationLevel ?? 0) : 0;

/** Escalated and unacknowledged first, then newest first (by when it happened, then by seq). */
const sortedAlerts = memoByRecord((alerts: Alerts): readonly StationAlertView[] =>
  Object.values(alerts)
    .map((alert) => ({ alert, at: time(alert.timestamp), rank: escalationRank(alert) }))
    .sort((a, b) => b.rank - a.rank || b.at - a.at || b.alert.seq - a.alert.seq)
    .map(({ alert }) => alert),
);

export const selectAlertsNewestFirst = (state: RendererState): readonly StationAlertView[] => sortedAlerts(alertsOf(state));

const FILTERS: Record<AlertFilter, (alert: StationAlertView) => boolean> = {
  all: () => true,
  unread: (alert) => !alert.readByMe,
  critical: (alert) => alert.severity === 'critical',
};

const filteredIds = Object.fromEntries(
  (Object.keys(FILTERS) as AlertFilter[]).map((filter) => [
    filter,
    memoByRecord((alerts: Alerts): readonly string[] =>
      sortedAlerts(alerts)
        .filter(FILTERS[filter])
        .map((alert) => alert.id),
    ),
  ]),
) as Record<AlertFilter, (alerts: Alerts) => readonly string[]>;

/** Ids of the alerts the Alertas list shows for a filter, newest first. */
export const selectAlertIdsByFilter =
  (filter: AlertFilter) =>
  (state: RendererState): readonly string[] =>
    filteredIds[filter](alertsOf(state));

/** The filter currently chosen in the UI. */
export const selectAlertsByFilter = (state: RendererState): readonly string[] => selectAlertIdsByFilter(state.alertFilter)(state);

/**
 * Critical alerts nobody acknowledged, escalated ones first, then newest
 * first: the pinned strip and the repeating alarm. Historical ones (older than the hospital's alarm window)
 * never ring: they go to history review.
 */
export const selectUnacknowledgedCritical = (state: RendererState): readonly StationAlertView[] => unackedCritical(alertsOf(state));
const unackedCritical = memoByRecord((alerts: Alerts) =>
  sortedAlerts(alerts).filter((a) => a.severity === 'critical' && a.acknowledgedBy === undefined && a.historical !== true),
);

/** Old unacknowledged alerts listed for review instead of ringing. */
export const selectHistoricalToReview = (state: RendererState): readonly string[] => historical(alertsOf(state));
const historical = memoByRecord((alerts: Alerts) =>
  sortedAlerts(alerts)
    .filter((a) => a.historical === true && a.acknowledgedBy === undefined)
    .map((a) => a.id),
);

/** Alerts this nurse has not read. */
export const selectUnreadCount = (state: RendererState): number => unreadCount(alertsOf(state));
const unreadCount = memoByRecord((alerts: Alerts) => Object.values(alerts).filter((a) => !a.readByMe).length);

/** The alarm repeats while a critical alert waits (not historical) or the station is cut off. */
export const selectAlarmActive = (state: RendererState): boolean =>
  selectUnacknowledgedCritical(state).length > 0 || state.station?.connection === 'disconnected';

export interface WorklistEntry {
  patient: StationPatient;
  priority: PriorityUpdatePayload | undefined;
  category: PriorityCategory | undefined;
}

/** Highest priority first; patients without a score last; then by bed and name, so the order is stable. */
export const selectPatientsByPriority = (state: RendererState): readonly WorklistEntry[] => {
  const station = state.station;
  return station ? worklist(station.patients)(station.priorities) : EMPTY;
};
/** One collator for the worklist's sort: `localeCompare` with options builds one per comparison (2,000 patients: ~22,000). */
const bedOrder = new Intl.Collator('pt-BR', { numeric: true });
const nameOrder = new Intl.Collator('pt-BR');

const worklist = memoByRecord((patients: StationSnapshot['patients']) =>
  memoByRecord((priorities: StationSnapshot['priorities']): readonly WorklistEntry[] =>
    Object.values(patients)
      .map((patient) => {
        const priority = priorities[patient.id];
        const score = patient.priority ?? priority?.newPriority;
        const category = priority?.category ?? (score !== undefined ? priorityCategory(score) : undefined);
        return { patient: score === patient.priority ? patient : { ...patient, priority: score }, priority, category };
      })
      .sort(
        (a, b) =>
          (b.patient.priority ?? -1) - (a.patient.priority ?? -1) ||
          bedOrder.compare(a.patient.bed ?? '', b.patient.bed ?? '') ||
          nameOrder.compare(a.patient.name, b.patient.name),
      ),
  ),
);

export const selectLocale = (state: RendererState): Locale => state.settings?.locale ?? 'pt-BR';
/** Privacy by default: until settings are read, names stay hidden. */
export const selectPrivacyMode = (state: RendererState): boolean => state.settings?.privacyMode ?? true;
export const selectTimeZone = (state: RendererState): string => state.station?.config.timeZone ?? DEFAULT_TIME_ZONE;

/** The bed of an alert's patient: the patient record first, else what the alert's sender put in metadata. */
export function alertBed(alert: StationAlertView, patient: StationPatient | undefined): string | undefined {
  const fromMetadata = alert.metadata?.['bed'];
  return patient?.bed ?? (typeof fromMetadata === 'string' && fromMetadata.trim() !== '' ? fromMetadata : undefined);
}

/** A colleague's name for "Lida por …": the staff list, the signed-in user, or the id as a last resort. */
export function staffName(staff: StationSnapshot['staff'] | undefined, user: StationSnapshot['user'] | undefined, userId: string): string {
  return staff?.[userId] ?? (user?.id === userId ? user.name : userId);
}
