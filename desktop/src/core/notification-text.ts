import type { AlertType, Severity } from '@plantao/shared';
import { type CoreLocale, coreMessages } from './i18n';
import type { NotificationRequest } from './ports';

/**
 * Text of the OS notifications the core raises. Pure, so the Electron main
 * process and the web bridge can reuse it.
 *
 * `formatAlertNotification` has the same signature and output as
 * `shared/src/ipc/notification-format.ts`; it lives here too because
 * `@plantao/shared` does not export `./ipc` yet. A host that has the shared
 * one can pass it as `createStation({ formatAlert })`.
 */

/** The alert fields a notification may show; `bed` comes from the patient record or the alert metadata. */
export interface AlertNotificationInput {
  id: string;
  patientName: string;
  severity: Severity;
  type: AlertType;
  message: string;
  bed?: string;
}

export interface AlertNotificationText {
  id: string;
  alertId: string;
  title: string;
  body: string;
  urgency: 'critical' | 'normal' | 'low';
}

export type AlertFormatter = (
  alert: AlertNotificationInput,
  options: { privacyMode: boolean; locale?: CoreLocale },
) => AlertNotificationText;

const LABELS = {
  'pt-BR': {
    severity: { critical: 'Alerta crítico', high: 'Alerta grave', medium: 'Alerta moderado', low: 'Alerta leve' },
    type: {
      critical_symptom: 'Sintoma crítico',
      symptom_worsening: 'Piora de sintoma',
      no_response: 'Sem resposta',
      vital_signs: 'Sinais vitais',
      medication: 'Medicação',
      other: 'Outro',
    },
    bed: 'Leito',
    patient: 'Paciente',
  },
  en: {
    severity: { critical: 'Critical alert', high: 'High alert', medium: 'Medium alert', low: 'Low alert' },
    type: {
      critical_symptom: 'Critical symptom',
      symptom_worsening: 'Symptom worsening',
      no_response: 'No response',
      vital_signs: 'Vital signs',
      medication: 'Medication',
      other: 'Other',
    },
    bed: 'Bed',
    patient: 'Patient',
  },
} as const satisfies Record<CoreLocale, unknown>;

const MAX_BODY = 240;
/** Name particles left out of initials ("Maria da Silva" → "M.S."). */
const PARTICLES = new Set(['da', 'das', 'de', 'di', 'do', 'dos', 'du', 'e', 'del', 'van', 'von']);

/** Initials of a patient's name, e.g. "Maria da Silva Souza" → "M.S.S.". */
export function patientInitials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  const kept = words.filter((word, i) => i === 0 || !PARTICLES.has(word.toLocaleLowerCase('pt-BR')));
  const letters = kept.map((word) => (/\p{L}/u.exec(word)?.[0] ?? '').toLocaleUpperCase('pt-BR'));
  return letters.length > 0 ? letters.map((letter) => `${letter}.`).join('') : '?';
}

/**
 * Title and body of the OS notification for an alert. In privacy mode (a
 * screen others can see) only the initials, the bed and the alert type are
 * shown: never the name, and never the free-text message, which often quotes
 * the patient.
 */
export const formatAlertNotification: AlertFormatter = (alert, options) => {
  const labels = LABELS[options.locale ?? 'pt-BR'];
  const bed = alert.bed?.trim() ? `${labels.bed} ${alert.bed.trim()}` : undefined;
  const severity = labels.severity[alert.severity];
  const type = labels.type[alert.type];
  const urgency =
    alert.severity === 'critical' || alert.severity === 'high' ? 'critical' : alert.severity === 'medium' ? 'normal' : 'low';
  const base = { id: alert.id, alertId: alert.id, urgency } as const;
  if (options.privacyMode) {
    const title = bed ? `${severity} — ${bed}` : severity;
    return { ...base, title, body: `${labels.patient} ${patientInitials(alert.patientName)} — ${type}` };
  }
  const title = `${severity} — ${alert.patientName}${bed ? ` (${bed})` : ''}`;
  const body = `${type}: ${alert.message}`;
  return { ...base, title, body: body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body };
};

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

export function criticalReminderNotification(count: number, locale?: CoreLocale): NotificationRequest {
  const text = coreMessages(locale);
  return { id: NotificationId.CriticalReminder, title: text.criticalReminderTitle, body: text.criticalReminder(count), urgency: 'critical' };
}

export function connectionLostNotification(locale?: CoreLocale): NotificationRequest {
  const text = coreMessages(locale);
  return { id: NotificationId.Connection, title: text.connectionLostTitle, body: text.connectionLostBody, urgency: 'critical' };
}

export function connectionRestoredNotification(locale?: CoreLocale): NotificationRequest {
  const text = coreMessages(locale);
  return { id: NotificationId.Connection, title: text.connectionRestoredTitle, body: text.connectionRestoredBody, urgency: 'normal' };
}
