import { type AlertAuditEntry, EscalationReasonSchema } from '@plantao/shared';
import type { MessageKey } from '../../i18n/pt-BR';
import type { Translator } from '../../i18n/translator';

/**
 * One audit row in the nurse's words: "Entregue à estação ENF-3A (Ana)",
 * "Lida por Bruno", "Escalado: nível 1: ninguém reconheceu a tempo",
 * "Plantão externo avisado: webhook". An action this screen does not know yet
 * is shown as the server named it, never dropped.
 */
export function auditEntryText(entry: AlertAuditEntry, translator: Translator, nameOf: (userId: string) => string): string {
  const { t } = translator;
  const name = entry.userName ?? nameOf(entry.userId);
  switch (entry.action) {
    case 'read':
      return t('audit.read', { name });
    case 'ack':
      return t('audit.ack', { name });
    case 'delivered': {
      const station = entry.stationName ?? entry.stationId ?? '?';
      return name ? t('audit.deliveredTo', { station, name }) : t('audit.delivered', { station });
    }
    case 'escalated':
      return entry.detail ? t('audit.escalatedDetail', { detail: escalationDetail(entry.detail, translator) }) : t('audit.escalated');
    case 'notified':
      return entry.detail ? t('audit.notifiedDetail', { detail: entry.detail }) : t('audit.notified');
    default:
      return entry.detail ? `${entry.action}: ${entry.detail}` : entry.action;
  }
}

/** "level 1 ack_timeout" → "nível 1: ninguém reconheceu a tempo"; anything unrecognised is shown as sent. */
export function escalationDetail(detail: string, translator: Translator): string {
  const reason = EscalationReasonSchema.options.find((candidate) => detail.includes(candidate));
  if (reason === undefined) return detail;
  const level = /level\D{0,3}([12])/i.exec(detail)?.[1] ?? /^\s*([12])\b/.exec(detail)?.[1];
  const words = translator.t(`audit.reason.${reason}` as MessageKey);
  return level === undefined ? words : `${translator.t('audit.level', { level })}: ${words}`;
}
