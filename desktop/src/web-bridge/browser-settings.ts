/// <reference lib="dom" />
import {
  defaultManagedConfig,
  type EffectiveSettings,
  IpcErrorCode,
  type LockableSetting,
  type ManagedConfig,
  mergeSettings,
  type SettingsPatch,
  type UserSettings,
  UserSettingsSchema,
} from '@plantao/shared';
import type { CoreLogger } from '../core/logger';
import { BridgeRefusal } from './bridge-invoke';

export const SETTINGS_KEY = 'plantao:settings';

/** In a page, the server is the page's own origin and nothing starts with the OS: both are fixed. */
const FIXED_IN_BROWSER: readonly LockableSetting[] = ['serverUrl', 'startAtLogin'];

export interface BrowserSettings {
  current(): EffectiveSettings;
  /** Saves the nurse's change; refuses (`[locked_setting]`) and saves nothing if a key is fixed. */
  update(patch: SettingsPatch): EffectiveSettings;
  subscribe(listener: (next: EffectiveSettings, previous: EffectiveSettings) => void): () => void;
}

/** The "managed configuration" of a browser station: the defaults, with the page's origin as server. */
export function browserManagedConfig(origin: string): ManagedConfig {
  return { ...defaultManagedConfig(), serverUrl: origin, startAtLogin: false, locked: [...FIXED_IN_BROWSER] };
}

/**
 * The browser station's settings (privacy mode, language, theme, alarm pace),
 * kept in `localStorage` and merged over the defaults exactly like the
 * desktop merges them over IT's managed file. Damaged saved settings are
 * dropped (defaults apply: privacy mode on), never a crash.
 */
export function createBrowserSettings(options: { storage: Storage; origin: string; logger: CoreLogger; key?: string }): BrowserSettings {
  const key = options.key ?? SETTINGS_KEY;
  const managed = browserManagedConfig(options.origin);
  const listeners = new Set<(next: EffectiveSettings, previous: EffectiveSettings) => void>();

  const read = (): UserSettings => {
    const text = options.storage.getItem(key);
    if (text === null) return {};
    try {
      const parsed = UserSettingsSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      options.logger.warn('saved settings are invalid; using the defaults', { key, issue: parsed.error.issues[0]?.message });
    } catch (error) {
      options.logger.warn('saved settings are not JSON; using the defaults', {
        key,
        err: error instanceof Error ? error.message : String(error),
      });
    }
    return {};
  };

  let user = read();
  let current = mergeSettings(managed, user);

  return {
    current: () => current,
    update(patch) {
      const refused = managed.locked.filter((setting) => setting in patch);
      if (refused.length > 0) throw new BridgeRefusal(IpcErrorCode.LockedSetting, `fixed in the browser station: ${refused.join(', ')}`);
      const nextUser = { ...user, ...patch };
      options.storage.setItem(key, JSON.stringify(nextUser));
      user = nextUser;
      const previous = current;
      current = mergeSettings(managed, user);
      for (const listener of listeners) listener(current, previous);
      return current;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
