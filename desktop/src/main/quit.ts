import { app, dialog } from 'electron';
import type { Locale } from '@plantao/shared';
import { messages } from './i18n';

/**
 * Quitting stops this station's alarms, so the tray's "Quit" asks first.
 * (An OS shutdown or logout quits without asking.)
 */
export async function confirmQuit(locale: Locale): Promise<void> {
  const t = messages(locale);
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: t.appName,
    message: t.quitMessage,
    detail: t.quitDetail,
    buttons: [t.quitCancel, t.quitConfirm],
    defaultId: 0,
    cancelId: 0,
  });
  if (response === 1) app.quit();
}
