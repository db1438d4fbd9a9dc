import type { AlertType } from '../events/alert';
import type { Severity } from '../events/common';
import type { Locale } from './settings';

/** The alert fields a notification may show; `bed` comes from the patient record. */
export interface AlertNotificationInput {
  id: string;
  patientName: string;
  severity: Severity;
  type: AlertType;
  message: string;
  bed?: string;
}

/** Structurally a desktop `NotificationRequest` (desktop/src/core/ports.ts). */
export interface AlertNotificationText {
  id: string;
  alertId: string;
  title: string;
  body: string;
  urgency: 'critical' | 'normal' | 'low';
}

const LABELS = {
  'pt-BR': {
    severity: { critical: 'Alerta crítico', high: 'Alerta grave', medium: 'Alerta moderado', low: 'Alerta leve' },
    type: {
      critical_symptom: 'Sintoma crítico',
      symptom_worsening: 'Piora de sintoma',
      no_response: 'Sem resposta',
      voice_note_unheard: 'Mensagem de voz não ouvida',
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
      voice_note_unheard: 'Voice message not heard',
      vital_signs: 'Vital signs',
      medication: 'Medication',
      other: 'Other',
    },
    bed: 'Bed',
    patient: 'Patient',
  },
} as const satisfies Record<Locale, unknown>;

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
 * screen others can see) it shows only the patient's initials, the bed and
 * the alert type: never the name, and never the free-text message, which
 * often quotes the patient.
 */
export function formatAlertNotification(
  alert: AlertNotificationInput,
  options: { privacyMode: boolean; locale?: Locale },
): AlertNotificationText {
  const labels = LABELS[options.locale ?? 'pt-BR'];
  const bed = alert.bed?.trim() ? `${labels.bed} ${alert.bed.trim()}` : undefined;
  const severity = labels.severity[alert.severity];
  // Integrations may post their own alert types: show those as sent.
  const type = (labels.type as Record<string, string>)[alert.type] ?? alert.type;
  const urgency = alert.severity === 'critical' || alert.severity === 'high' ? 'critical' : alert.severity === 'medium' ? 'normal' : 'low';
  const base = { id: alert.id, alertId: alert.id, urgency } as const;
  if (options.privacyMode) {
    const title = bed ? `${severity} — ${bed}` : severity;
    return { ...base, title, body: `${labels.patient} ${patientInitials(alert.patientName)} — ${type}` };
  }
  const title = `${severity} — ${alert.patientName}${bed ? ` (${bed})` : ''}`;
  const body = `${type}: ${alert.message}`;
  return { ...base, title, body: body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body };
}
