import { type AlertNotificationInput, type AlertNotificationText, formatAlertNotification, patientInitials } from '@plantao/shared';
import { type CoreLocale, coreMessages } from './i18n';
import type { NotificationRequest } from './ports';

/**
 * Text of the OS notifications the core raises. Pure, so the Electron main
 * process and the web bridge can reuse it. The alert text itself (privacy
 * mode: initials and bed, never the name or the free-text message) is the
 * shared formatter (`shared/src/ipc/notification-format.ts`), defined once.
 */
export { type AlertNotificationInput, type AlertNotificationText, formatAlertNotification, patientInitials };

/** Replaceable through `createStation({ formatAlert })`. */
export type AlertFormatter = (
  alert: AlertNotificationInput,
  options: { privacyMode: boolean; locale?: CoreLocale },
) => AlertNotificationText;

/** The bed to show: the patient record first, then the alert's own metadata (`metadata.bed`). */
export function bedOf(patientBed: string | undefined, metadata: Record<string, unknown> | undefined): string | undefined {
  if (patientBed?.trim()) return patientBed.trim();
  const fromMetadata = metadata?.['bed'];
  if (typeof fromMetadata === 'string' && fromMetadata.trim()) return fromMetadata.trim();
  if (typeof fromMetadata === 'number') return String(fromMetadata);
  return undefined;
}

/** Notification ids of the core's own notifications: re-raising one replaces it. */
export const NotificationId = {
  CatchUp: 'plantao:catch-up',
  CriticalReminder: 'plantao:critical-reminder',
  Connection: 'plantao:connection',
} as const;

export function catchUpNotification(count: number, anyCritical: boolean, locale?: CoreLocale): NotificationRequest {
  const text = coreMessages(locale);
  return { id: NotificationId.CatchUp, title: text.catchUpTitle, body: text.catchUp(count), urgency: anyCritical ? 'critical' : 'normal' };
}

export function criticalReminderNotification(count: number, locale?: CoreLocale, escalated = 0): NotificationRequest {
  const text = coreMessages(locale);
  return {
    id: NotificationId.CriticalReminder,
    title: escalated > 0 ? text.escalatedTitle(text.criticalReminderTitle, 1) : text.criticalReminderTitle,
    body: escalated > 0 ? `${text.criticalReminder(count)} — ${text.escalatedCount(escalated)}` : text.criticalReminder(count),
    urgency: 'critical',
  };
}

/** An alert's own notification, worded as escalated (issue #9): "ESCALADO — Alerta crítico — Leito 12". */
export function escalatedNotification(request: NotificationRequest, level: number, locale?: CoreLocale): NotificationRequest {
  return { ...request, title: coreMessages(locale).escalatedTitle(request.title, level), urgency: 'critical' };
}

export function connectionLostNotification(locale?: CoreLocale): NotificationRequest {
  const text = coreMessages(locale);
  return { id: NotificationId.Connection, title: text.connectionLostTitle, body: text.connectionLostBody, urgency: 'critical' };
}

export function connectionRestoredNotification(locale?: CoreLocale): NotificationRequest {
  const text = coreMessages(locale);
  return { id: NotificationId.Connection, title: text.connectionRestoredTitle, body: text.connectionRestoredBody, urgency: 'normal' };
}
