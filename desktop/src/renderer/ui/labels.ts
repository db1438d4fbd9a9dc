import type { Translator } from '../i18n/translator';

/**
 * Alert types, patient statuses and priority reasons are open vocabularies
 * (integrations send their own, the server may add reasons): known ones are
 * translated, anything else is shown as sent.
 */
export const alertTypeLabel = (tr: Translator, type: string): string => tr.maybe(`alertType.${type}`) ?? type;

export const patientStatusLabel = (tr: Translator, status: string): string => tr.maybe(`status.${status}`) ?? status;

/** Why a priority changed: the server sends codes such as `alert:critical_symptom` or `conversation:replied`. */
export function priorityReasonLabel(tr: Translator, reason: string): string {
  const known = tr.maybe(`reason.${reason}`);
  if (known !== undefined) return known;
  const alertType = /^alert:(.+)$/.exec(reason)?.[1];
  return alertType === undefined ? reason : tr.t('reason.alert', { type: alertTypeLabel(tr, alertType) });
}
