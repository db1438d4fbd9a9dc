import type { AlertPayload, EscalationReason } from '@plantao/shared';

/** Texts for the on-call WhatsApp template's one parameter (pt-BR: who reads them are Brazilian clinicians). */

const REASON_TEXT: Record<EscalationReason, string> = {
  ack_timeout: 'sem confirmação da enfermagem',
  external_timeout: 'sem confirmação da enfermagem',
  not_delivered: 'nenhuma estação recebeu o alerta',
  no_station_online: 'nenhuma estação de enfermagem online',
};

function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('pt-BR', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function escalatedAlertText(alert: AlertPayload, reason: EscalationReason, timeZone: string): string {
  const bed = typeof alert.metadata?.bed === 'string' ? ` (leito ${alert.metadata.bed})` : '';
  return `Plantão: alerta crítico ${REASON_TEXT[reason]} desde ${localTime(alert.timestamp, timeZone)} — ${alert.patientName}${bed}: ${alert.message}`;
}

export function noStationText(offlineSince: string, timeZone: string): string {
  return `Plantão: nenhuma estação de enfermagem online desde ${localTime(offlineSince, timeZone)}. Alertas críticos serão enviados por aqui.`;
}

export function stationsBackText(at: string, timeZone: string): string {
  return `Plantão: estações de enfermagem de volta online às ${localTime(at, timeZone)}.`;
}
