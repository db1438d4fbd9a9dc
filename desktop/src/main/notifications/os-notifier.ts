import nodeNotifier from 'node-notifier';
import type { NotificationRequest } from '../../core/ports';
import type { Logger } from '../logger';

/**
 * OS notifications through node-notifier (`notify-send` on Linux). Plain
 * Node, no electron import: the dunst test runs this file against a real
 * notification daemon.
 */
export interface OsNotification {
  title: string;
  message: string;
  urgency?: NotificationRequest['urgency'];
  /** Seconds; 0 keeps the notification until dismissed. */
  timeout?: number;
  hint?: string;
  icon?: string;
  'app-name'?: string;
  appID?: string;
  wait?: boolean;
}

/** The slice of node-notifier used here (replaced in unit tests). */
export interface NotifierBackend {
  notify(options: OsNotification, callback: (error: Error | string | null, response?: string) => void): unknown;
}

export interface OsNotifierOptions {
  appName: string;
  /** Windows AppUserModelID (toasts are attributed to it). */
  appId?: string;
  icon?: string;
  /** Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  backend?: NotifierBackend;
  log: Logger;
}

/** notify-send reads an argument starting with "-" as an option: keep text from doing so. */
const notOption = (text: string): string => text.replace(/^-/, ' -');

/** The body (unlike the summary) is markup for the notification server: escape it. */
export const notifySendBody = (text: string): string => notOption(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));

export function toOsNotification(request: NotificationRequest, options: OsNotifierOptions): OsNotification {
  const common = { wait: false, ...(options.icon ? { icon: options.icon } : {}) };
  if ((options.platform ?? process.platform) !== 'linux') {
    return { ...common, title: request.title, message: request.body, ...(options.appId ? { appID: options.appId } : {}) };
  }
  return {
    ...common,
    title: notOption(request.title),
    message: notifySendBody(request.body),
    urgency: request.urgency,
    // A critical alert stays on screen until the nurse dismisses it.
    timeout: request.urgency === 'critical' ? 0 : 10,
    // dunst replaces a notification with the same stack tag instead of stacking it.
    hint: `string:x-dunst-stack-tag:plantao-${request.id}`,
    'app-name': options.appName,
  };
}

/** Shows one notification; resolves when the OS tool has run. Never rejects. */
export function createOsNotifier(options: OsNotifierOptions): (request: NotificationRequest) => Promise<void> {
  const backend: NotifierBackend = options.backend ?? nodeNotifier;
  return (request) =>
    new Promise((resolve) => {
      try {
        backend.notify(toOsNotification(request, options), (error) => {
          if (error) options.log.error('os notification failed', { notificationId: request.id, error });
          resolve();
        });
      } catch (error) {
        options.log.error('os notification failed', { notificationId: request.id, error });
        resolve();
      }
    });
}
