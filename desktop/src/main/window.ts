import { BrowserWindow } from 'electron';
import type { Logger } from './logger';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (one file, so it runs sandboxed). */
  preload: string;
  url: string;
  title: string;
  show: boolean;
  log: Logger;
  /**
   * Window and taskbar icon, e.g. `assets/icons/app-256.png` (rendered by
   * desktop/scripts/build-icons.mjs). Matters on Linux and in development;
   * packaged Windows and macOS builds take the executable's icon.
   */
  icon?: string;
}

/**
 * The station window. It is only a view: alerts, sound and the tray live in
 * the main process and keep working when it is hidden or its renderer dies.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#4-enable-process-sandboxing
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: options.title,
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // Chromium would throttle timers of a hidden window; the view must stay current.
      backgroundThrottling: false,
    },
  });
  if (options.show) window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    options.log.error('renderer gone; reloading', { reason: details.reason });
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
  });
  void window.loadURL(options.url).catch((error: unknown) => options.log.error('window failed to load', { url: options.url, error }));
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
