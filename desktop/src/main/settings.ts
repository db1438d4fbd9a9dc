import {
  type EffectiveSettings,
  type LockableSetting,
  type ManagedConfig,
  mergeSettings,
  type SettingsPatch,
  type UserSettings,
  UserSettingsSchema,
} from '@plantao/shared';
import { app } from 'electron';
import { readJsonFile, writeJsonFile } from './json-file';
import type { Logger } from './logger';

export class LockedSettingError extends Error {
  constructor(readonly keys: LockableSetting[]) {
    super(`locked by the managed configuration: ${keys.join(', ')}`);
  }
}

export interface SettingsStore {
  current(): EffectiveSettings;
  /** Saves the nurse's change; throws `LockedSettingError` (and saves nothing) if a key is locked. */
  update(patch: SettingsPatch): EffectiveSettings;
  subscribe(listener: (next: EffectiveSettings, previous: EffectiveSettings) => void): () => void;
}

/**
 * The settings the station runs with: the nurse's choices (a JSON file in
 * userData) over IT's managed values, which always win for locked keys.
 */
export function createSettingsStore(options: { file: string; managed: ManagedConfig; log: Logger }): SettingsStore {
  let user: UserSettings = readJsonFile(options.file, UserSettingsSchema, options.log) ?? {};
  let current = mergeSettings(options.managed, user);
  const listeners = new Set<(next: EffectiveSettings, previous: EffectiveSettings) => void>();

  return {
    current: () => current,
    update(patch) {
      const refused = options.managed.locked.filter((key) => key in patch);
      if (refused.length > 0) throw new LockedSettingError(refused);
      const nextUser = { ...user, ...patch };
      writeJsonFile(options.file, nextUser);
      user = nextUser;
      const previous = current;
      current = mergeSettings(options.managed, user);
      for (const listener of listeners) listener(current, previous);
      return current;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Settings the station core takes once, at creation. A server address the
 * core already uses (typed at sign-in: `inUseServerUrl`) needs no restart.
 */
export function needsRestart(next: EffectiveSettings, previous: EffectiveSettings, inUseServerUrl?: string): boolean {
  const serverChanged = next.serverUrl !== previous.serverUrl && next.serverUrl !== inUseServerUrl;
  return serverChanged || next.alarm?.burstIntervalSeconds !== previous.alarm?.burstIntervalSeconds;
}

/**
 * The server URL and alarm pacing are fixed for a station's life: a change
 * restarts the app, so no alert is handled by a half-reconfigured station.
 */
export function restartOnChange(settings: SettingsStore, log: Logger, inUseServerUrl: () => string | undefined = () => undefined): void {
  settings.subscribe((next, previous) => {
    if (!needsRestart(next, previous, inUseServerUrl())) return;
    log.info('settings need a restart; relaunching', { serverUrl: next.serverUrl });
    app.relaunch();
    app.quit();
  });
}
