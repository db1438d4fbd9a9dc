import { app, type BrowserWindow, dialog } from 'electron';

/** Set once the app really quits, so closing windows is no longer turned into hiding. */
export function trackQuitting(): () => boolean {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  return () => quitting;
}

export interface HideOnCloseOptions {
  isQuitting(): boolean;
  /** Persisted: whether the nurse was already told that closing keeps alerts coming. */
  warned: { get(): boolean; set(): void };
  /** In the station's current language. */
  text(): { title: string; message: string; detail: string; ok: string };
}

/**
 * Closing the window hides it to the tray: the station must keep alerting.
 * The first time, say so, so nobody thinks the alarms stopped.
 */
export function hideOnClose(window: BrowserWindow, options: HideOnCloseOptions): void {
  // Windows logoff/shutdown closes windows without 'before-quit': let them close.
  let sessionEnding = false;
  window.on('session-end', () => {
    sessionEnding = true;
  });
  window.on('close', (event) => {
    if (options.isQuitting() || sessionEnding) return;
    event.preventDefault();
    window.hide();
    if (options.warned.get()) return;
    options.warned.set();
    const { title, message, detail, ok } = options.text();
    void dialog.showMessageBox({ type: 'info', title, message, detail, buttons: [ok] });
  });
}
