import type { DesktopApi, EffectiveSettings, ManagedConfigStatus, SettingsPatch } from '@plantao/shared';
import type { StateCreator } from 'zustand/vanilla';
import type { RendererState } from './create-renderer-store';

/** The effective settings (with the keys IT locked), read from and written to the main process. */
export interface SettingsSlice {
  settings: EffectiveSettings | undefined;
  managedConfig: ManagedConfigStatus | undefined;
  /** The screen then runs on defaults (pt-BR, privacy on) and says so in the settings dialog. */
  settingsLoadFailed: boolean;
  /** Never rejects: a failure sets `settingsLoadFailed`. */
  loadSettings(): Promise<void>;
  /** Rejects (e.g. `[locked_setting]`) without changing what is shown. */
  changeSettings(patch: SettingsPatch): Promise<void>;
}

export const createSettingsSlice =
  (api: DesktopApi): StateCreator<RendererState, [], [], SettingsSlice> =>
  (set) => ({
    settings: undefined,
    managedConfig: undefined,
    settingsLoadFailed: false,
    loadSettings: async () => {
      try {
        const [settings, managedConfig] = await Promise.all([api.getSettings(), api.getManagedConfigStatus()]);
        set({ settings, managedConfig, settingsLoadFailed: false });
      } catch {
        // Shown in the settings dialog; the screen keeps working on defaults.
        set({ settingsLoadFailed: true });
      }
    },
    changeSettings: async (patch) => {
      set({ settings: await api.setSettings(patch) });
    },
  });
