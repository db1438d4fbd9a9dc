import { z } from 'zod';

/**
 * The station settings a nurse can change in the UI, unless IT locks them
 * in the managed configuration (`config/managed-config.ts` builds its file
 * schema and the merge from these). Kept free of imports from `config/` so
 * the two modules never import each other.
 */
export const LocaleSchema = z.enum(['pt-BR', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsSchema = z.object({
  /** The Plantão server this station connects to. */
  serverUrl: z.url({ protocol: /^https?$/ }),
  /** Notifications show initials and bed instead of the patient's name. */
  privacyMode: z.boolean(),
  startAtLogin: z.boolean(),
  locale: LocaleSchema,
  /** Light, dark (night shifts) or whatever the OS uses. */
  theme: ThemeSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingKeySchema = SettingsSchema.keyof();
export type SettingKey = z.infer<typeof SettingKeySchema>;

/** Whether the managed config file was absent, loaded or invalid, so the UI can show a bad file. */
export const ManagedConfigStatusSchema = z.object({
  state: z.enum(['absent', 'loaded', 'invalid']),
  /** The file that was (or would have been) read. */
  path: z.string(),
  /** Why the file was not used (names the file and the failing field). */
  error: z.string().optional(),
  /** Worth showing to IT, not an error (e.g. an ignored PLANTAO_MANAGED_CONFIG). */
  notice: z.string().optional(),
});
export type ManagedConfigStatus = z.infer<typeof ManagedConfigStatusSchema>;

/** What the renderer needs to know about the host it runs in. */
export const StationInfoSchema = z.object({
  /** `desktop`: the Electron app; `browser`: the browser station served by the server at `/station`. */
  host: z.enum(['desktop', 'browser']),
  appVersion: z.string(),
  /**
   * Where the server address comes from: typed by the nurse (`settings`),
   * fixed by IT's managed config (`managed`, shown locked) or the page's own
   * origin (`origin`, the browser station: not shown).
   */
  serverUrlSource: z.enum(['settings', 'managed', 'origin']),
  /** The address in use, if any yet. */
  serverUrl: z.string().optional(),
  /** Whether "start at login" means anything here (not in a browser). */
  supportsStartAtLogin: z.boolean(),
});
export type StationInfo = z.infer<typeof StationInfoSchema>;
