import type { StoreApi } from 'zustand/vanilla';
import { type AlarmAlert, type AlarmPolicy, createAlarmPolicy } from './alarm-policy';
import type { CoreLocale } from './i18n';
import type { CoreLogger } from './logger';
import {
  type AlertFormatter,
  bedOf,
  catchUpNotification,
  connectionLostNotification,
  connectionRestoredNotification,
  criticalReminderNotification,
  escalatedNotification,
} from './notification-text';
import type { AlarmOutputs, NotificationRequest } from './ports';
import type { Scheduler } from './scheduler';
import type { StationAlert, StationState } from './station-core';

export interface StationAlarmsOptions {
  store: StoreApi<StationState>;
  outputs: AlarmOutputs;
  scheduler: Scheduler;
  logger: CoreLogger;
  /** Read at each notification: settings can change. */
  locale: () => CoreLocale;
  privacyMode: () => boolean;
  formatAlert: AlertFormatter;
  burstIntervalMs?: number;
  technicalAlarmAfterMs?: number;
  technicalRepeatMs?: number;
  escalatedRepeatMs?: number;
}

/**
 * The alarm policy (pure decisions, `alarm-policy.ts`) over the station's
 * store: an alert's notification is worded from what the store knows (the
 * patient's bed, privacy mode, the nurse's language), and the silence is
 * mirrored into the store for the screen.
 */
export function createStationAlarms(options: StationAlarmsOptions): AlarmPolicy {
  const { store, locale } = options;

  const alertNotification = (alertId: string): NotificationRequest => {
    const { alerts, patients } = store.getState();
    const alert = alerts[alertId];
    if (!alert) return criticalReminderNotification(1, locale());
    const bed = bedOf(patients[alert.patientId]?.bed, alert.metadata);
    const shown = options.formatAlert(
      {
        id: alert.id,
        patientName: alert.patientName,
        severity: alert.severity,
        type: alert.type,
        message: alert.message,
        ...(bed ? { bed } : {}),
      },
      { privacyMode: options.privacyMode(), locale: locale() },
    );
    const request: NotificationRequest = {
      id: shown.id,
      alertId: shown.alertId,
      title: shown.title,
      body: shown.body,
      urgency: shown.urgency,
    };
    // Still waiting after an escalation: the notification says so (same id: it replaces the first one).
    return alert.escalationLevel !== undefined && alert.acknowledgedBy === undefined
      ? escalatedNotification(request, alert.escalationLevel, locale())
      : request;
  };

  return createAlarmPolicy({
    outputs: options.outputs,
    scheduler: options.scheduler,
    logger: options.logger,
    ...(options.burstIntervalMs !== undefined ? { burstIntervalMs: options.burstIntervalMs } : {}),
    ...(options.technicalAlarmAfterMs !== undefined ? { technicalAlarmAfterMs: options.technicalAlarmAfterMs } : {}),
    ...(options.technicalRepeatMs !== undefined ? { technicalRepeatMs: options.technicalRepeatMs } : {}),
    ...(options.escalatedRepeatMs !== undefined ? { escalatedRepeatMs: options.escalatedRepeatMs } : {}),
    onSilenceChange: (until) => store.setState({ silencedUntil: until }),
    texts: {
      alert: alertNotification,
      catchUp: (count, anyCritical) => catchUpNotification(count, anyCritical, locale()),
      criticalReminder: (count, escalated) => criticalReminderNotification(count, locale(), escalated),
      connectionLost: () => connectionLostNotification(locale()),
      connectionRestored: () => connectionRestoredNotification(locale()),
    },
  });
}

export const toAlarm = (alert: StationAlert): AlarmAlert => ({
  id: alert.id,
  severity: alert.severity,
  acknowledged: alert.acknowledgedBy !== undefined,
  ...(alert.escalationLevel !== undefined ? { escalated: true } : {}),
});

/** Critical alerts nobody acknowledged (listed-for-review ones excepted): they repeat after a restart. */
export const unacknowledgedCritical = (alerts: Record<string, StationAlert>): AlarmAlert[] =>
  Object.values(alerts)
    .filter((alert) => alert.severity === 'critical' && alert.acknowledgedBy === undefined && !alert.historical)
    .map(toAlarm);
