import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import type { Logger } from './logger';

/** Started by the OS at login: come up in the tray, not over the nurse's screen. */
export const HIDDEN_ARG = '--hidden';

/** XDG autostart entry (Linux has no `setLoginItemSettings`). */
export function linuxAutostartEntry(exec: string, name: string): string {
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', `Name=${name}`, `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', ''].join(
    '\n',
  );
}

export interface AutoLaunchOptions {
  name: string;
  platform?: NodeJS.Platform;
  log: Logger;
}

/** Makes the station start (or not) when the user logs in. */
export function applyStartAtLogin(enabled: boolean, options: AutoLaunchOptions): void {
  const platform = options.platform ?? process.platform;
  try {
    if (platform === 'linux') {
      const dir = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
      const file = join(dir, 'plantao.desktop');
      if (!enabled) return rmSync(file, { force: true });
      mkdirSync(dir, { recursive: true });
      // An AppImage runs from a new temporary mount each time; APPIMAGE is the file itself.
      writeFileSync(file, linuxAutostartEntry(process.env.APPIMAGE ?? process.execPath, options.name));
    } else {
      app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    }
    options.log.info('start at login applied', { enabled });
  } catch (error) {
    options.log.error('start at login could not be applied', { enabled, error });
  }
}

/**
 * Applies `startAtLogin` now and whenever it changes. Only an installed app
 * registers itself: a development checkout must not start at login.
 */
export function keepStartAtLogin(
  settings: {
    current(): { startAtLogin: boolean };
    subscribe(listener: (next: { startAtLogin: boolean }, previous: { startAtLogin: boolean }) => void): unknown;
  },
  options: AutoLaunchOptions & { packaged: boolean },
): void {
  if (!options.packaged) return;
  applyStartAtLogin(settings.current().startAtLogin, options);
  settings.subscribe((next, previous) => {
    if (next.startAtLogin !== previous.startAtLogin) applyStartAtLogin(next.startAtLogin, options);
  });
}

/** True when the OS started us at login (then we stay in the tray). */
export function startedAtLogin(platform: NodeJS.Platform = process.platform): boolean {
  if (process.argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
