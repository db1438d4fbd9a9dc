import { ALARM_WINDOW_HOURS, DEFAULT_TIME_ZONE, type StationConfig } from '@plantao/shared';
import type {
  AlertEscalatedPayload,
  AlertPayload,
  AlertUpdatedPayload,
  EscalationLevel,
  ConversationUpdatePayload,
  NewPatientPayload,
  PatientResponse,
  PatientStatusChangePayload,
  PriorityUpdatePayload,
} from '@plantao/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StationAlert, StationState } from './station-core';

/**
 * The station's store of record (zustand vanilla: no React in the main
 * process) and the pure reducers that change it. Reducers take a state and
 * return the next one, so they are unit-tested without sockets.
 *
 * Memory stays bounded over a 12-hour shift, floods included: at most
 * `maxAlerts` alerts (`boundAlerts` says which go first; an unacknowledged
 * critical alert, or an unread one inside the alarm window, is never
 * dropped), `maxConversationEntries` updates per conversation and
 * `maxConversations` conversations.
 */
export interface StoreLimits {
  maxAlerts: number;
  maxConversationEntries: number;
  maxConversations: number;
}

export const DEFAULT_LIMITS: StoreLimits = { maxAlerts: 1_000, maxConversationEntries: 200, maxConversations: 500 };

/** Until the hospital's own settings arrive (`GET /api/station/config`). */
export const DEFAULT_STATION_CONFIG: StationConfig = { alarmWindowHours: ALARM_WINDOW_HOURS.default, timeZone: DEFAULT_TIME_ZONE };

export function initialStationState(): StationState {
  return {
    connection: 'disconnected',
    lastSeq: 0,
    alerts: {},
    conversations: {},
    priorities: {},
    patients: {},
    staff: {},
    config: DEFAULT_STATION_CONFIG,
  };
}

export function createStationStore(initial: StationState = initialStationState()): StoreApi<StationState> {
  return createStore<StationState>()(() => initial);
}

/**
 * `lastSeq` is the highest seq up to which every alert was seen: a station that
 * saw 5, 6 and 8 reports 6, so a reconnect replays 7 (and 8, dropped as a
 * duplicate). Seqs seen above a gap wait in `pending`. A seq the server could
 * not deliver even on an explicit sync is `skip`ped, so one bad record never
 * pins `lastSeq` (and the size of every replay) for the rest of the shift.
 */
export class SeqTracker {
  private last: number;
  private readonly pending = new Set<number>();
  private readonly skipped = new Set<number>();

  constructor(lastSeq = 0) {
    this.last = lastSeq;
  }

  get lastSeq(): number {
    return this.last;
  }

  /** Highest seq seen at all (≥ lastSeq). */
  get highestSeen(): number {
    let highest = this.last;
    for (const seq of this.pending) highest = Math.max(highest, seq);
    return highest;
  }

  get hasGap(): boolean {
    return this.pending.size > 0;
  }

  /** Whether an alert with this seq was never seen (so it may alarm). */
  isUnseen(seq: number): boolean {
    return this.skipped.has(seq) || (seq > this.last && !this.pending.has(seq));
  }

  observe(seq: number): void {
    this.skipped.delete(seq);
    if (seq <= this.last) return;
    this.pending.add(seq);
    this.advance();
  }

  /** Gives up on every missing seq up to `seq` (they stay "unseen" should they ever arrive). */
  skipThrough(seq: number): number[] {
    const missing: number[] = [];
    for (let s = this.last + 1; s <= seq; s++) {
      if (!this.pending.has(s)) {
        missing.push(s);
        this.skipped.add(s);
        this.pending.add(s);
      }
    }
    this.advance();
    return missing;
  }

  reset(lastSeq = 0): void {
    this.last = lastSeq;
    this.pending.clear();
    this.skipped.clear();
  }

  private advance(): void {
    while (this.pending.delete(this.last + 1)) this.last += 1;
  }
}

const union = (a: readonly string[], b: readonly string[]): string[] =>
  b.every((x) => a.includes(x)) ? [...a] : [...new Set([...a, ...b])];

/**
 * Read/ack state only ever grows (a read is never un-read, the first
 * acknowledgement is the clinical one), so merging is monotonic: a stale
 * payload (a replay, a sync answer overtaken by an `alert_updated`) can never
 * turn an acknowledged alert back into an alarming one.
 */
function mergeState(
  existing: StationAlert,
  update: {
    readBy: readonly string[];
    readAt?: Record<string, string>;
    acknowledgedBy?: string;
    acknowledgedAt?: string;
    occurrences?: number;
    lastOccurrenceAt?: string;
    deliveredTo?: number;
    escalationLevel?: EscalationLevel;
    escalatedAt?: string;
  },
  userId: string | undefined,
): StationAlert | undefined {
  const readBy = union(existing.readBy, update.readBy);
  const acknowledgedBy = existing.acknowledgedBy ?? update.acknowledgedBy;
  const acknowledgedAt = existing.acknowledgedAt ?? update.acknowledgedAt;
  const readByMe = existing.readByMe || (userId !== undefined && readBy.includes(userId));
  // The first read time of each user is the one that counts: what we hold wins.
  const readAt = update.readAt ? { ...update.readAt, ...existing.readAt } : existing.readAt;
  const readAtChanged = Object.keys(readAt ?? {}).length !== Object.keys(existing.readAt ?? {}).length;
  // Repeats only count up: a replayed payload carries the count of its time.
  const occurrences = Math.max(existing.occurrences ?? 1, update.occurrences ?? 1);
  const lastOccurrenceAt =
    occurrences > (existing.occurrences ?? 1) ? (update.lastOccurrenceAt ?? existing.lastOccurrenceAt) : existing.lastOccurrenceAt;
  // Receipts and escalation only go up too: a station that confirmed stays counted, a level is never taken back.
  const deliveredTo = maxDefined(existing.deliveredTo, update.deliveredTo);
  const escalation = higherEscalation(existing, update);
  const changed =
    deliveredTo !== existing.deliveredTo ||
    escalation.escalationLevel !== existing.escalationLevel ||
    escalation.escalatedAt !== existing.escalatedAt ||
    readBy.length !== existing.readBy.length ||
    acknowledgedBy !== existing.acknowledgedBy ||
    acknowledgedAt !== existing.acknowledgedAt ||
    readByMe !== existing.readByMe ||
    readAtChanged ||
    occurrences !== (existing.occurrences ?? 1);
  if (!changed) return undefined;
  const next: StationAlert = { ...existing, readBy, readByMe };
  if (readAt !== undefined) next.readAt = readAt;
  if (acknowledgedBy !== undefined) next.acknowledgedBy = acknowledgedBy;
  if (acknowledgedAt !== undefined) next.acknowledgedAt = acknowledgedAt;
  if (occurrences > 1) next.occurrences = occurrences;
  if (lastOccurrenceAt !== undefined) next.lastOccurrenceAt = lastOccurrenceAt;
  if (deliveredTo !== undefined) next.deliveredTo = deliveredTo;
  if (escalation.escalationLevel !== undefined) next.escalationLevel = escalation.escalationLevel;
  if (escalation.escalatedAt !== undefined) next.escalatedAt = escalation.escalatedAt;
  return next;
}

const maxDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

interface Escalation {
  escalationLevel?: EscalationLevel;
  escalatedAt?: string;
}

/** The higher of two escalation states, with the time that level was reached. */
export function higherEscalation(existing: Escalation, update: Escalation): Escalation {
  const was = existing.escalationLevel ?? 0;
  const now = update.escalationLevel ?? 0;
  const winner = now > was || (now === was && existing.escalatedAt === undefined) ? update : existing;
  return {
    ...(winner.escalationLevel !== undefined ? { escalationLevel: winner.escalationLevel } : {}),
    ...(winner.escalatedAt !== undefined ? { escalatedAt: winner.escalatedAt } : {}),
  };
}

/**
 * `alert_escalated`: the alert's new level. `raised` when it went up here
 * (the alarm gets louder); `undefined` when the alert is unknown here or
 * already at that level (a replayed event).
 */
export function applyEscalation(
  alerts: Record<string, StationAlert>,
  escalation: AlertEscalatedPayload,
): { alerts: Record<string, StationAlert>; alert: StationAlert } | undefined {
  const existing = alerts[escalation.alertId];
  if (!existing) return undefined;
  if ((existing.escalationLevel ?? 0) >= escalation.level) return undefined;
  const alert: StationAlert = { ...existing, escalationLevel: escalation.level, escalatedAt: escalation.escalatedAt };
  return { alerts: { ...alerts, [escalation.alertId]: alert }, alert };
}

/** Repeats of a symptom are counted in the alert's metadata by the server (see `alert_updated.occurrences`). */
function repeatsOf(payload: AlertPayload): { occurrences?: number; lastOccurrenceAt?: string } {
  const occurrences = payload.metadata?.occurrences;
  const lastOccurrenceAt = payload.metadata?.lastOccurrenceAt;
  return {
    ...(typeof occurrences === 'number' && Number.isInteger(occurrences) && occurrences > 1 ? { occurrences } : {}),
    ...(typeof lastOccurrenceAt === 'string' && !Number.isNaN(Date.parse(lastOccurrenceAt)) ? { lastOccurrenceAt } : {}),
  };
}

/**
 * @param historicalBefore epoch ms: an alert raised before this (older than the
 *   hospital's alarm window when first seen) is kept for review but never rings.
 */
export function toStationAlert(
  payload: AlertPayload,
  userId: string | undefined,
  receivedAt: number,
  historicalBefore?: number,
): StationAlert {
  const alert: StationAlert = {
    ...payload,
    ...repeatsOf(payload),
    readByMe: userId !== undefined && payload.readBy.includes(userId),
    receivedAt,
  };
  if (historicalBefore !== undefined && Date.parse(payload.timestamp) < historicalBefore) alert.historical = true;
  return alert;
}

export interface AlertsIngested {
  alerts: Record<string, StationAlert>;
  /** Never seen before: the ones that may alarm. */
  added: StationAlert[];
  /** Already known and now acknowledged (by this payload). */
  acknowledged: string[];
  /** Already known, still unacknowledged, and escalated further by this payload (a replay after missing `alert_escalated`). */
  escalated: StationAlert[];
  /** Known before, merged or not. */
  duplicates: number;
  /** Seen before but no longer held (dropped by the bound): ignored, never re-alarmed. */
  ignored: number;
}

/**
 * Adds alerts, de-duplicated by `id`: a replayed alert we hold only merges its
 * read/ack state. `isUnseen(seq)` says whether an alert we do not hold was
 * ever seen (see `SeqTracker`), so an alert dropped by the memory bound and
 * replayed later does not alarm a second time.
 */
export function ingestAlerts(
  current: Record<string, StationAlert>,
  payloads: readonly AlertPayload[],
  context: { userId: string | undefined; now: number; isUnseen: (seq: number) => boolean; maxAlerts: number; historicalBefore?: number },
): AlertsIngested {
  // Copied once, on the first change (a replay of alerts held or dropped changes nothing and copies nothing),
  // counting as it copies: the bound then only looks at the alerts when they are over it.
  let alerts = current;
  let held = -1;
  const writable = (): Record<string, StationAlert> => {
    if (held >= 0) return alerts;
    const copy: Record<string, StationAlert> = {};
    held = 0;
    for (const id in current) {
      copy[id] = current[id] as StationAlert;
      held += 1;
    }
    alerts = copy;
    return copy;
  };
  const added: StationAlert[] = [];
  const acknowledged: string[] = [];
  const escalated: StationAlert[] = [];
  let duplicates = 0;
  let ignored = 0;
  for (const payload of payloads) {
    const existing = alerts[payload.id];
    if (existing) {
      duplicates += 1;
      const merged = mergeState(existing, payload, context.userId);
      if (merged) {
        writable()[payload.id] = merged;
        if (existing.acknowledgedBy === undefined && merged.acknowledgedBy !== undefined) acknowledged.push(payload.id);
        else if (merged.acknowledgedBy === undefined && (merged.escalationLevel ?? 0) > (existing.escalationLevel ?? 0))
          escalated.push(merged);
      }
      continue;
    }
    if (!context.isUnseen(payload.seq)) {
      ignored += 1;
      continue;
    }
    const alert = toStationAlert(payload, context.userId, context.now, context.historicalBefore);
    writable()[payload.id] = alert;
    held += 1;
    added.push(alert);
  }
  const bounded = held > context.maxAlerts ? boundAlerts(alerts, context.maxAlerts, context.historicalBefore) : alerts;
  return {
    alerts: bounded,
    added: added.filter((alert) => bounded[alert.id] !== undefined),
    acknowledged,
    escalated,
    duplicates,
    ignored,
  };
}

/** `alert_updated`: `undefined` when the alert is unknown here or nothing changed. */
export function applyAlertUpdate(
  alerts: Record<string, StationAlert>,
  update: AlertUpdatedPayload,
  userId: string | undefined,
): { alerts: Record<string, StationAlert>; acknowledged: boolean } | undefined {
  const existing = alerts[update.alertId];
  if (!existing) return undefined;
  const merged = mergeState(existing, update, userId);
  if (!merged) return undefined;
  return {
    alerts: { ...alerts, [update.alertId]: merged },
    acknowledged: existing.acknowledgedBy === undefined && merged.acknowledgedBy !== undefined,
  };
}

/** After a login as another user of the same hospital: `readByMe` is per user. */
export function recomputeReadByMe(alerts: Record<string, StationAlert>, userId: string): Record<string, StationAlert> {
  const next: Record<string, StationAlert> = {};
  for (const [id, alert] of Object.entries(alerts)) next[id] = { ...alert, readByMe: alert.readBy.includes(userId) };
  return next;
}

/**
 * 0 is dropped first. `undefined`: never dropped, whatever the bound: an
 * unacknowledged critical alert, and an unread one raised inside the alarm
 * window (at or after `windowStart`), are what a nurse still has to see.
 */
function evictionRank(alert: StationAlert, windowStart: number | undefined): number | undefined {
  if (alert.acknowledgedBy !== undefined) return 0;
  if (alert.severity === 'critical') return undefined;
  if (alert.readByMe) return 1;
  // Unread: kept while inside the window (no window known: kept, the safe side); older ones are history, on the server.
  const raised = Date.parse(alert.timestamp);
  return windowStart !== undefined && (alert.historical === true || raised < windowStart) ? 2 : undefined;
}

/**
 * Keeps at most `max` alerts: the oldest acknowledged first, then read
 * unacknowledged non-critical ones, then unread non-critical ones older than
 * the alarm window (`windowStart`, epoch ms), oldest first within each. Never
 * dropped (kept even past the bound, losing one is worse than memory):
 * unacknowledged critical alerts and unread alerts inside the window. A
 * dropped alert is never re-added or re-rung by a replay: `SeqTracker` still
 * counts its seq as seen, and `lastSeq` does not move. Once over the bound it
 * trims 5 % below it, so the sort runs once per fifty alerts at the bound,
 * not for every one.
 */
export function boundAlerts(alerts: Record<string, StationAlert>, max: number, windowStart?: number): Record<string, StationAlert> {
  const all = Object.values(alerts);
  if (all.length <= max) return alerts;
  const target = Math.floor(max * 0.95);
  const droppable: { alert: StationAlert; rank: number }[] = [];
  for (const alert of all) {
    const rank = evictionRank(alert, windowStart);
    if (rank !== undefined) droppable.push({ alert, rank });
  }
  if (droppable.length === 0) return alerts;
  droppable.sort((a, b) => a.rank - b.rank || a.alert.seq - b.alert.seq);
  const dropped = new Set(droppable.slice(0, all.length - target).map(({ alert }) => alert.id));
  return Object.fromEntries(all.filter((alert) => !dropped.has(alert.id)).map((alert) => [alert.id, alert]));
}

const sameUpdate = (a: ConversationUpdatePayload, b: ConversationUpdatePayload) =>
  a.type === b.type &&
  a.timestamp === b.timestamp &&
  (a.message?.id ?? null) === (b.message?.id ?? null) &&
  (a.userId ?? null) === (b.userId ?? null);

export function applyConversationUpdate(
  conversations: Record<string, ConversationUpdatePayload[]>,
  update: ConversationUpdatePayload,
  limits: Pick<StoreLimits, 'maxConversationEntries' | 'maxConversations'>,
): Record<string, ConversationUpdatePayload[]> {
  const history = conversations[update.conversationId] ?? [];
  if (history.some((entry) => sameUpdate(entry, update))) return conversations;
  const nextHistory = [...history, update].slice(-limits.maxConversationEntries);
  const next = { ...conversations, [update.conversationId]: nextHistory };
  const ids = Object.keys(next);
  if (ids.length <= limits.maxConversations) return next;
  // Drop the conversations that went quiet longest.
  const lastActivity = (id: string) => next[id]?.at(-1)?.timestamp ?? '';
  const quietest = ids.filter((id) => id !== update.conversationId).sort((a, b) => lastActivity(a).localeCompare(lastActivity(b)));
  for (const id of quietest.slice(0, ids.length - limits.maxConversations)) delete next[id];
  return next;
}

export function applyPriorityUpdate(state: StationState, update: PriorityUpdatePayload): Partial<StationState> {
  const patient = state.patients[update.patientId];
  return {
    priorities: { ...state.priorities, [update.patientId]: update },
    ...(patient ? { patients: { ...state.patients, [update.patientId]: { ...patient, priority: update.newPriority } } } : {}),
  };
}

/** `now`: when this station heard of the patient, so the worklist can mark them new. */
export function applyNewPatient(state: StationState, payload: NewPatientPayload, now: number): Partial<StationState> {
  const existing = state.patients[payload.patientId];
  const patient = { ...existing, id: payload.patientId, name: payload.patientName, status: payload.status, newAt: existing?.newAt ?? now };
  const withBed = payload.bed !== undefined ? { ...patient, bed: payload.bed } : patient;
  const priority = state.priorities[payload.patientId]?.newPriority;
  return { patients: { ...state.patients, [payload.patientId]: priority !== undefined ? { ...withBed, priority } : withBed } };
}

/** The REST patient list (at connect): names, beds and priorities for notifications and the worklist. */
export function applyPatientList(state: StationState, list: PatientResponse[]): Partial<StationState> {
  const patients = { ...state.patients };
  for (const p of list) {
    patients[p.id] = {
      ...patients[p.id],
      id: p.id,
      name: p.name,
      status: p.status,
      priority: p.priority,
      ...(p.bed !== undefined ? { bed: p.bed } : {}),
    };
  }
  return { patients };
}

export function applyPatientStatusChange(state: StationState, change: PatientStatusChangePayload): Partial<StationState> {
  const existing = state.patients[change.patientId];
  const patient = existing
    ? { ...existing, status: change.newStatus }
    : { id: change.patientId, name: change.patientName, status: change.newStatus };
  return { patients: { ...state.patients, [change.patientId]: patient } };
}
