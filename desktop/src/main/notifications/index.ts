import { app, Notification } from 'electron';
import type { AlarmOutputs } from '../../core/ports';
import type { Logger } from '../logger';
import { createElectronNotifier } from './electron-notifier';
import { createOsNotifier } from './os-notifier';

export type NotificationBackendKind = 'electron' | 'node-notifier';

/**
 * The one place that picks how notifications are shown. Electron's own are
 * clickable and attributed to the app on macOS and Windows; on Linux
 * node-notifier's notify-send honours urgency with every notification
 * daemon (dunst, GNOME, KDE) and keeps critical ones on screen.
 */
export function chooseNotificationBackend(platform: NodeJS.Platform, electronSupported: boolean): NotificationBackendKind {
  return (platform === 'darwin' || platform === 'win32') && electronSupported ? 'electron' : 'node-notifier';
}

export interface NotificationsOptions {
  appName: string;
  /** Windows AppUserModelID; must equal the installer's appId for toasts to show. */
  appId: string;
  icon?: string;
  platform?: NodeJS.Platform;
  /** The nurse clicked a notification about an alert (or about nothing in particular). */
  onClick(alertId: string | undefined): void;
  log: Logger;
}

/** `AlarmOutputs.notify` for this OS. */
export function createNotifications(options: NotificationsOptions): AlarmOutputs['notify'] {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') app.setAppUserModelId(options.appId);
  const kind = chooseNotificationBackend(platform, Notification.isSupported());
  options.log.info('notification backend', { kind, platform });
  if (kind === 'electron') return createElectronNotifier(options);
  const notify = createOsNotifier({ ...options, platform });
  return (request) => void notify(request);
}
