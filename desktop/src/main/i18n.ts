import type { Locale } from '@plantao/shared';

/** User-facing strings of the main process (tray, dialogs), pt-BR first. */
const pt = {
  appName: 'Plantão',
  trayOpen: 'Abrir Plantão',
  traySilence: 'Silenciar alarmes por 2 min',
  trayQuit: 'Sair',
  connected: 'Conectado',
  connecting: 'Conectando…',
  disconnected: 'Sem conexão com o servidor',
  unread: (n: number) => (n === 1 ? '1 alerta não lido' : `${n} alertas não lidos`),
  unacknowledgedCritical: (n: number) => (n === 1 ? '1 crítico sem confirmação' : `${n} críticos sem confirmação`),
  silenced: 'alarmes silenciados',
  closeWarning: {
    title: 'O Plantão continua aberto',
    message: 'O Plantão continua funcionando na bandeja do sistema.',
    detail:
      'Os alertas continuarão chegando com som e notificação. Para abrir de novo, clique no ícone da bandeja. Para encerrar, use "Sair" no menu da bandeja.',
    ok: 'OK',
  },
  quitMessage: 'Sair do Plantão?',
  quitDetail: 'Depois de sair, esta estação deixa de receber alertas até o Plantão ser aberto de novo.',
  quitConfirm: 'Sair',
  quitCancel: 'Continuar no plantão',
  managedConfigInvalidTitle: 'Configuração gerenciada inválida',
  managedConfigInvalidMessage: 'O arquivo de configuração da TI não pôde ser usado; valores padrão em uso.',
};

type Messages = typeof pt;

const en: Messages = {
  appName: 'Plantão',
  trayOpen: 'Open Plantão',
  traySilence: 'Silence alarms for 2 min',
  trayQuit: 'Quit',
  connected: 'Connected',
  connecting: 'Connecting…',
  disconnected: 'No connection to the server',
  unread: (n) => (n === 1 ? '1 unread alert' : `${n} unread alerts`),
  unacknowledgedCritical: (n) => (n === 1 ? '1 unacknowledged critical' : `${n} unacknowledged critical`),
  silenced: 'alarms silenced',
  closeWarning: {
    title: 'Plantão is still running',
    message: 'Plantão keeps running in the system tray.',
    detail:
      'Alerts will keep coming with sound and notification. To open it again, click the tray icon. To stop it, use "Quit" in the tray menu.',
    ok: 'OK',
  },
  quitMessage: 'Quit Plantão?',
  quitDetail: 'After quitting, this station receives no alerts until Plantão is opened again.',
  quitConfirm: 'Quit',
  quitCancel: 'Stay on duty',
  managedConfigInvalidTitle: 'Invalid managed configuration',
  managedConfigInvalidMessage: "IT's configuration file could not be used; defaults are in use.",
};

const tables: Record<Locale, Messages> = { 'pt-BR': pt, en };

/** The strings of a locale (pt-BR when unknown). */
export const messages = (locale: Locale | undefined): Messages => tables[locale ?? 'pt-BR'] ?? pt;
