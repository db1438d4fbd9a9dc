import { Notification } from 'electron';
import type { NotificationRequest } from '../../core/ports';
import type { Logger } from '../logger';

export interface ElectronNotifierOptions {
  icon?: string;
  /** The nurse clicked a notification (with the alert it is about, if any). */
  onClick(alertId: string | undefined): void;
  log: Logger;
}

/**
 * Electron's own notifications (Action Center toasts, macOS Notification
 * Center): clickable and attributed to the app.
 */
export function createElectronNotifier(options: ElectronNotifierOptions): (request: NotificationRequest) => void {
  // Holding each shown notification keeps it from being garbage-collected,
  // which would silently drop its click handler.
  const shown = new Map<string, Notification>();
  return (request) => {
    shown.get(request.id)?.close();
    const notification = new Notification({
      id: request.id,
      title: request.title,
      body: request.body,
      urgency: request.urgency,
      // Our alarm sound plays separately and repeats until acknowledged.
      silent: true,
      timeoutType: request.urgency === 'critical' ? 'never' : 'default',
      ...(options.icon ? { icon: options.icon } : {}),
    });
    notification.on('click', () => options.onClick(request.alertId));
    notification.on('close', () => {
      if (shown.get(request.id) === notification) shown.delete(request.id);
    });
    notification.on('failed', (_event, error) => options.log.error('notification failed', { notificationId: request.id, error }));
    shown.set(request.id, notification);
    notification.show();
  };
}
