import { join } from 'node:path';
import { app, type BrowserWindow, dialog, session } from 'electron';
import { formatAlertNotification } from '@plantao/shared';
import { createStation } from '../core/create-station';
import { createFileStorage } from '../core/file-storage';
import { keepStartAtLogin, startedAtLogin } from './auto-launch';
import { messages } from './i18n';
import { createIpcHandlers, registerIpcHandlers } from './ipc';
import { isTrustedSender } from './ipc-guard';
import { createLogger } from './logger';
import { loadMachinePolicy } from './managed-config';
import { managedConfigStatusOf, reportManagedConfig } from './managed-status';
import { createNotifications } from './notifications';
import { appPaths, developmentServerUrl } from './paths';
import { reconnectOnResume } from './power';
import { confirmQuit } from './quit';
import { prepareRenderer } from './renderer';
import { registerAppScheme } from './renderer-protocol';
import { createRendererPush, pushStateChanges } from './renderer-push';
import { createSettingsStore, restartOnChange } from './settings';
import { claimSingleInstance } from './single-instance';
import { createSoundPlayer } from './sound';
import { createSecretStorage } from './secret-storage';
import { createStationTray, trayFollowsStation } from './tray';
import { createTrayIcons } from './tray-icons';
import { stationIdentity } from './station-identity';
import { persistedFlag } from './ui-flags';
import { hideOnClose, trackQuitting } from './close-to-tray';
import { createMainWindow, showWindow } from './window';

/** Must equal `appId` in electron-builder.yml: Windows attributes toasts to it. */
const APP_ID = 'br.com.plantao.station';
const APP_NAME = 'Plantão';
const log = createLogger({ file: join(app.getPath('userData'), 'logs', 'main.log') });
let window: BrowserWindow | undefined;
const reveal = (): void => (window ? showWindow(window) : undefined);

async function start(): Promise<void> {
  const paths = appPaths();
  // The managed config file and, on Windows, Group Policy / MSI properties (HKLM\Software\Policies\Plantao).
  const managed = await loadMachinePolicy();
  const settings = createSettingsStore({ file: join(paths.userData, 'settings.json'), managed: managed.config, log });
  reportManagedConfig(managed, settings.current().locale, log);
  const { url, isOwnUrl } = prepareRenderer({ app, session: session.defaultSession, rendererDir: paths.rendererDir, log });

  const push = createRendererPush(() => window?.webContents);
  const onClick = (alertId: string | undefined): void => {
    reveal();
    if (alertId) push.openAlert(alertId);
  };
  const { alarm } = settings.current();
  const serverUrl = settings.current().serverUrl ?? developmentServerUrl() ?? '';
  const playSound = createSoundPlayer({ soundsDir: paths.soundsDir, log: log.child({ module: 'sound' }) });
  const station = createStation({
    // Fixed for the station's life: a change restarts the app (restartOnChange below).
    serverUrl,
    ...(alarm?.burstIntervalSeconds !== undefined ? { burstIntervalMs: alarm.burstIntervalSeconds * 1000 } : {}),
    // The refresh token is encrypted by the OS key store where there is one (issue #8).
    storage: createSecretStorage(createFileStorage(paths.userData, { logger: log.child({ module: 'station-storage' }) }), {
      logger: log.child({ module: 'station-storage' }),
    }),
    outputs: {
      notify: createNotifications({ appName: APP_NAME, appId: APP_ID, onClick, log: log.child({ module: 'notifications' }) }),
      playSound,
    },
    locale: () => settings.current().locale,
    privacyMode: () => settings.current().privacyMode,
    formatAlert: formatAlertNotification,
    // One id per installation, the computer's name: receipts and presence count this PC once (issue #9).
    station: stationIdentity({ userData: paths.userData, appVersion: app.getVersion(), log: log.child({ module: 'station-identity' }) }),
    logger: log.child({ module: 'station' }),
  });
  // A server typed at sign-in is already in use by the station: only other changes need a restart.
  restartOnChange(settings, log, () => station.serverUrl);

  window = createMainWindow({
    preload: paths.preload,
    url,
    title: APP_NAME,
    show: !startedAtLogin(),
    icon: join(paths.assetsDir, 'icons', 'app-256.png'),
    log,
  });
  const warned = persistedFlag(join(paths.userData, 'ui-flags.json'), 'closeWarningShown', log);
  hideOnClose(window, { isQuitting: trackQuitting(), warned, text: () => messages(settings.current().locale).closeWarning });
  const tray = createStationTray({
    iconFor: createTrayIcons(paths.assetsDir, log.child({ module: 'tray' })),
    locale: () => settings.current().locale,
    onOpen: reveal,
    onSilence: () => station.silenceAlarms(),
    onQuit: () => void confirmQuit(settings.current().locale),
  });
  const refreshTray = trayFollowsStation(tray, station.store);
  pushStateChanges(station.store, push);
  const handlers = createIpcHandlers({
    station,
    settings,
    managedConfigStatus: () => managedConfigStatusOf(managed),
    playSound,
    appVersion: app.getVersion(),
  });
  registerIpcHandlers(handlers, (event) => isTrustedSender(event, window, isOwnUrl), log.child({ module: 'ipc' }));
  reconnectOnResume(station, log);
  keepStartAtLogin(settings, { name: APP_NAME, packaged: app.isPackaged, log });
  settings.subscribe((next, previous) => (next.locale !== previous.locale ? refreshTray() : undefined));
  app.on('activate', reveal);
  app.on('will-quit', () => void station.stop());
  await station.start();
}

registerAppScheme();
if (!claimSingleInstance(reveal)) app.quit();
else
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // A station that cannot alert must not look like it is running.
      log.error('startup failed', { error });
      dialog.showErrorBox(APP_NAME, error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
