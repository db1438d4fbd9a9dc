/**
 * User-facing strings of the station core (notifications it raises itself and
 * errors it reports in `lastError`), pt-BR first.
 */
import type { Locale } from '@plantao/shared';

/** The app's locales (`LocaleSchema` in shared). */
export type CoreLocale = Locale;

const pt = {
  catchUpTitle: 'Plantão: alertas pendentes',
  catchUp: (n: number) => (n === 1 ? '1 alerta recebido enquanto desconectado' : `${n} alertas recebidos enquanto desconectado`),
  criticalReminderTitle: 'Alertas críticos sem confirmação',
  criticalReminder: (n: number) => (n === 1 ? '1 alerta crítico aguarda confirmação' : `${n} alertas críticos aguardam confirmação`),
  /** Issue #9: a critical alert nobody acknowledged in time; level 2 also called the hospital's on-call staff. */
  escalatedTitle: (title: string, level: number) => (level >= 2 ? `ESCALADO (plantão externo avisado) — ${title}` : `ESCALADO — ${title}`),
  escalatedCount: (n: number) => (n === 1 ? '1 ESCALADO' : `${n} ESCALADOS`),
  connectionLostTitle: 'Conexão perdida com o servidor Plantão',
  connectionLostBody: 'Esta estação NÃO está recebendo alertas. Verifique a rede ou chame o suporte.',
  connectionRestoredTitle: 'Conexão restabelecida',
  connectionRestoredBody: 'Esta estação voltou a receber alertas.',
  loginRefused: 'E-mail ou senha inválidos.',
  serverUnreachable: 'Não foi possível falar com o servidor Plantão.',
  tooManyAttempts: 'Muitas tentativas de entrada. Aguarde alguns minutos e tente de novo.',
  certificateError: 'O certificado de segurança do servidor não é confiável. Chame a TI do hospital.',
  sessionExpired: 'Sessão encerrada. Entre novamente para voltar a receber alertas.',
  notLoggedIn: 'Nenhuma sessão ativa. Entre para receber alertas.',
  actionFailed: 'Não foi possível registrar a ação no servidor. Tente de novo.',
};

export type CoreMessages = typeof pt;

const en: CoreMessages = {
  catchUpTitle: 'Plantão: pending alerts',
  catchUp: (n) => (n === 1 ? '1 alert received while disconnected' : `${n} alerts received while disconnected`),
  criticalReminderTitle: 'Unacknowledged critical alerts',
  criticalReminder: (n) => (n === 1 ? '1 critical alert awaits acknowledgement' : `${n} critical alerts await acknowledgement`),
  escalatedTitle: (title, level) => (level >= 2 ? `ESCALATED (on-call notified) — ${title}` : `ESCALATED — ${title}`),
  escalatedCount: (n) => `${n} ESCALATED`,
  connectionLostTitle: 'Connection to the Plantão server lost',
  connectionLostBody: 'This station is NOT receiving alerts. Check the network or call support.',
  connectionRestoredTitle: 'Connection restored',
  connectionRestoredBody: 'This station is receiving alerts again.',
  loginRefused: 'Invalid email or password.',
  serverUnreachable: 'Could not reach the Plantão server.',
  tooManyAttempts: 'Too many sign-in attempts. Wait a few minutes and try again.',
  certificateError: "The server's security certificate is not trusted. Call the hospital's IT.",
  sessionExpired: 'Session ended. Log in again to keep receiving alerts.',
  notLoggedIn: 'No active session. Log in to receive alerts.',
  actionFailed: 'The server did not record the action. Please try again.',
};

const tables: Record<CoreLocale, CoreMessages> = { 'pt-BR': pt, en };

/** The strings of a locale (pt-BR when unknown). */
export const coreMessages = (locale: CoreLocale | undefined): CoreMessages => tables[locale ?? 'pt-BR'] ?? pt;
