import type { AlertEscalatedPayload, AlertPayload, AlertUpdatedPayload } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { AlarmPolicy, AlertOrigin } from './alarm-policy';
import type { CoreLogger } from './logger';
import type { Scheduler } from './scheduler';
import { toAlarm } from './station-alarms';
import type { StationAlert, StationState } from './station-core';
import { applyAlertUpdate, applyEscalation, ingestAlerts, type SeqTracker } from './store';

/**
 * Alerts and their read/ack news into the store, whichever way they came
 * (live event, catch-up replay, gap fill, a confirmed action): de-duplicated,
 * seq-tracked, alarmed when new, persisted, and never another hospital's.
 */
export interface AlertIntake {
  /** Another hospital's alert must never be shown here, whatever the server sends. */
  belongsHere(alert: AlertPayload): boolean;
  ingest(payloads: readonly AlertPayload[], origin: AlertOrigin): void;
  applyUpdate(update: AlertUpdatedPayload): void;
  /** `alert_escalated`: the alert's level goes up; an unacknowledged critical one rings louder and more often. */
  applyEscalation(escalation: AlertEscalatedPayload): void;
}

export interface AlertIntakeOptions {
  store: StoreApi<StationState>;
  tracker: SeqTracker;
  policy: AlarmPolicy;
  maxAlerts: number;
  scheduler: Scheduler;
  logger: CoreLogger;
  tenantId: () => string | undefined;
  /** Who reads here: their own reads show as `readByMe`. */
  userId: () => string | undefined;
  /** News about an alert the store does not hold yet: it may be waiting in the catch-up gate. */
  updateHeld: (update: AlertUpdatedPayload) => void;
  /** The same for an escalation; false when no held alert has that id. */
  escalateHeld: (escalation: AlertEscalatedPayload) => boolean;
  /** Alerts taken in (whatever their origin): the station confirms receipt (issue #9). */
  received: (alertIds: readonly string[]) => void;
  /** User ids the screen will name ("Lida por …"). */
  noteUsers: (ids: readonly string[]) => void;
  /** Something worth keeping across a restart changed. */
  changed: () => void;
  /** After alerts were stored: a seq gap may now need filling. */
  afterIngest: () => void;
}

const usersOf = (alert: StationAlert): string[] => [...alert.readBy, ...(alert.acknowledgedBy ? [alert.acknowledgedBy] : [])];

export function createAlertIntake(options: AlertIntakeOptions): AlertIntake {
  const { store, tracker, policy } = options;
  const log = options.logger;

  return {
    belongsHere(alert) {
      const tenantId = options.tenantId();
      if (tenantId === undefined || alert.tenantId === tenantId) return true;
      log.error('alert of another tenant dropped', { alertId: alert.id, alertTenant: alert.tenantId, tenantId });
      return false;
    },

    ingest(payloads, origin) {
      if (payloads.length === 0) return;
      const sorted = [...payloads].sort((a, b) => a.seq - b.seq);
      const now = options.scheduler.now();
      const result = ingestAlerts(store.getState().alerts, sorted, {
        userId: options.userId(),
        now,
        isUnseen: (seq) => tracker.isUnseen(seq),
        maxAlerts: options.maxAlerts,
        // Alerts older than the hospital's window (a first sign-in, days away) are listed for review, never rung.
        historicalBefore: now - store.getState().config.alarmWindowHours * 3_600_000,
      });
      for (const alert of sorted) tracker.observe(alert.seq);
      store.setState({ alerts: result.alerts, lastSeq: tracker.lastSeq });
      options.received(sorted.map((alert) => alert.id));
      if (result.added.length > 0 || result.acknowledged.length > 0) {
        log.info('alerts received', {
          tenantId: options.tenantId(),
          origin,
          added: result.added.map((alert) => alert.id),
          acknowledgedElsewhere: result.acknowledged,
          duplicates: result.duplicates,
          lastSeq: tracker.lastSeq,
        });
      }
      if (result.acknowledged.length > 0) policy.acknowledged(result.acknowledged);
      // Escalated while this station was away (it missed `alert_escalated`): louder from now on.
      const escalated = result.escalated.filter((alert) => alert.historical !== true);
      if (escalated.length > 0) policy.escalated(escalated.map(toAlarm));
      const toRing = result.added.filter((alert) => !alert.historical);
      if (toRing.length > 0) policy.alertsArrived(toRing.map(toAlarm), origin);
      if (toRing.length < result.added.length)
        log.info('old alerts listed for review, not rung', { tenantId: options.tenantId(), count: result.added.length - toRing.length });
      options.noteUsers(result.added.flatMap(usersOf));
      options.changed();
      options.afterIngest();
    },

    applyUpdate(update) {
      const result = applyAlertUpdate(store.getState().alerts, update, options.userId());
      if (!result) {
        options.updateHeld(update);
        return;
      }
      store.setState({ alerts: result.alerts });
      options.noteUsers([...update.readBy, ...(update.acknowledgedBy ? [update.acknowledgedBy] : [])]);
      if (result.acknowledged) {
        log.info('alert acknowledged', { tenantId: options.tenantId(), alertId: update.alertId, by: update.acknowledgedBy });
        policy.acknowledged([update.alertId]);
      }
      options.changed();
    },

    applyEscalation(escalation) {
      const result = applyEscalation(store.getState().alerts, escalation);
      if (!result) {
        if (store.getState().alerts[escalation.alertId] === undefined && !options.escalateHeld(escalation)) {
          // Not here yet (or dropped long ago): a replay or sync brings it with its escalation level.
          log.info('escalation of an alert not held here', { tenantId: options.tenantId(), alertId: escalation.alertId });
        }
        return;
      }
      store.setState({ alerts: result.alerts });
      const { alert } = result;
      log.warn('alert escalated', {
        tenantId: options.tenantId(),
        alertId: alert.id,
        level: escalation.level,
        reason: escalation.reason,
        acknowledged: alert.acknowledgedBy !== undefined,
      });
      // Listed-for-review alerts never ring; an acknowledged one is done, whatever the server still says.
      if (alert.acknowledgedBy === undefined && alert.historical !== true) policy.escalated([toAlarm(alert)]);
      options.changed();
    },
  };
}
