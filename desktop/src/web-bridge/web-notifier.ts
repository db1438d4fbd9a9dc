/// <reference lib="dom" />
import type { CoreLogger } from '../core/logger';
import type { NotificationRequest } from '../core/ports';

/** The parts of the page's `Notification` this module uses (a fake in tests). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): Notification;
}

export interface WebNotifierOptions {
  /** `globalThis.Notification`; `undefined` where the browser has none. */
  api: NotificationApi | undefined;
  /** The app icon's URL, shown beside the text. */
  icon?: string;
  /** Brings the page to the front (`window.focus()`). */
  focus(): void;
  /** The nurse clicked a notification (with the alert it is about, if any). */
  onClick(alertId: string | undefined): void;
  logger: CoreLogger;
}

export interface WebNotifier {
  notify(request: NotificationRequest): void;
  /** Asks for permission once; call it inside a user gesture (browsers ignore it otherwise). */
  requestPermission(): void;
  /** Signing out: nothing about the previous nurse's patients stays on screen. */
  closeAll(): void;
}

/**
 * `AlarmOutputs.notify` in a page: Web Notifications, the browser's own
 * route to the OS notification center. Critical ones stay until dismissed.
 * Without permission nothing can be shown: that is logged each time an alert
 * should have shown, and the alarm sound still plays.
 */
export function createWebNotifier(options: WebNotifierOptions): WebNotifier {
  const { api, logger } = options;
  // Holding each shown notification keeps it (and its click handler) alive,
  // and lets a repeat of the same id replace it instead of stacking.
  const shown = new Map<string, Notification>();
  let asked = false;

  return {
    notify(request) {
      if (!api) {
        logger.warn('this browser has no notifications; alert not shown outside the page', { notificationId: request.id });
        return;
      }
      if (api.permission !== 'granted') {
        logger.warn('notifications not allowed in this browser; alert not shown outside the page', {
          notificationId: request.id,
          permission: api.permission,
        });
        return;
      }
      shown.get(request.id)?.close();
      let notification: Notification;
      try {
        notification = new api(request.title, {
          body: request.body,
          tag: request.id,
          requireInteraction: request.urgency === 'critical',
          ...(options.icon !== undefined ? { icon: options.icon } : {}),
          // The alarm sound plays separately and repeats until acknowledged.
          silent: true,
        });
      } catch (error) {
        logger.error('notification failed', { notificationId: request.id, err: error instanceof Error ? error.message : String(error) });
        return;
      }
      notification.onclick = () => {
        options.focus();
        notification.close();
        options.onClick(request.alertId);
      };
      notification.onclose = () => {
        if (shown.get(request.id) === notification) shown.delete(request.id);
      };
      notification.onerror = () => logger.error('notification failed', { notificationId: request.id });
      shown.set(request.id, notification);
    },

    requestPermission() {
      if (!api || asked || api.permission !== 'default') return;
      asked = true;
      api.requestPermission().then(
        (permission) => logger.info('notification permission', { permission }),
        (error: unknown) =>
          logger.warn('notification permission not asked', { err: error instanceof Error ? error.message : String(error) }),
      );
    },

    closeAll() {
      for (const notification of shown.values()) notification.close();
      shown.clear();
    },
  };
}
