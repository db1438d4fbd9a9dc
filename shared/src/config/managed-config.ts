import { z } from 'zod';
import { type Locale, LocaleSchema, SettingKeySchema, SettingsSchema, type Theme, ThemeSchema } from '../ipc/settings';

/**
 * Machine-wide configuration that hospital IT deploys next to the installed
 * app (see desktop/docs/it-deployment.md for the file location and examples),
 * and how it combines with the per-user settings the station UI edits.
 *
 * The managed schema is strict: an unknown key (usually a typo such as
 * `serverURL`) is an error that names the key, instead of a policy that is
 * silently not applied.
 *
 * The settings shapes themselves (`SettingsSchema`, `LocaleSchema`) are
 * defined once, in ipc/settings.ts, and reused here.
 */

/** Hosts where plain `http://` is allowed: this machine only (a development server, a local proxy). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `url` may be used for a Plantão server: `https://`, or `http://` on this machine only. */
export function isSecureServerUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname.toLowerCase()));
}

export const INSECURE_SERVER_URL_MESSAGE = 'must be an https:// URL (http:// is only allowed for localhost, 127.0.0.1 and ::1)';

/**
 * An absolute URL without embedded credentials (the file is world-readable),
 * `https://` outside this machine: sign-in passwords and refresh tokens never
 * cross a hospital network in clear text (issue #8). Used for the managed
 * config, the server address a nurse types at sign-in and in the settings.
 */
export const HttpUrlSchema = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }))
  .refine(
    (value) => {
      // Zod runs this even after a failed format check: an unparsable value is reported there.
      if (!URL.canParse(value)) return true;
      const url = new URL(value);
      return url.username === '' && url.password === '';
    },
    { error: 'must not contain a user name or password' },
  )
  .refine((value) => !URL.canParse(value) || isSecureServerUrl(new URL(value)), { error: INSECURE_SERVER_URL_MESSAGE });

/** Bounds for the pause between repeated alarm bursts of an unacknowledged alert. */
export const ALARM_BURST_INTERVAL_SECONDS = { min: 5, max: 300 } as const;

export const AlarmSettingsSchema = z.strictObject({
  /** Seconds between repeated alarm bursts while an alert is unacknowledged. */
  burstIntervalSeconds: z.number().int().min(ALARM_BURST_INTERVAL_SECONDS.min).max(ALARM_BURST_INTERVAL_SECONDS.max).optional(),
});
export type AlarmSettings = z.infer<typeof AlarmSettingsSchema>;

/** Settings a user may change in the UI (every settings key, plus alarm tuning), unless IT locks them. */
export const LockableSettingSchema = z.enum([...SettingKeySchema.options, 'alarm']);
export type LockableSetting = z.infer<typeof LockableSettingSchema>;
export const LOCKABLE_SETTINGS: readonly LockableSetting[] = LockableSettingSchema.options;

export const UpdatesConfigSchema = z.strictObject({
  /** Off unless IT turns it on: the app never updates itself by default. */
  enabled: z.boolean().default(false),
  /** Update feed (electron-builder "generic" layout); replaces the URL built into the installer. */
  url: HttpUrlSchema.optional(),
});
export type UpdatesConfig = z.output<typeof UpdatesConfigSchema>;

export const ManagedConfigSchema = z
  .strictObject({
    /** Plantão server the station connects to. No default: users type it unless IT sets it. */
    serverUrl: HttpUrlSchema.optional(),
    /** Settings the user cannot change in the UI; the managed value (or default) applies. */
    locked: z.array(LockableSettingSchema).default([]),
    /**
     * Show initials and bed instead of full names in OS notifications (LGPD:
     * shared screens, lock screens). On by default: privacy by default.
     */
    privacyMode: z.boolean().default(true),
    /** Start the station app when a user logs in. On by default: missed alarms are the risk. */
    startAtLogin: z.boolean().default(true),
    locale: LocaleSchema.default('pt-BR'),
    theme: ThemeSchema.default('system'),
    updates: UpdatesConfigSchema.default({ enabled: false }),
    alarm: AlarmSettingsSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.locked.includes('serverUrl') && config.serverUrl === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['locked'],
        message: '"serverUrl" is locked but no serverUrl is set, so users could never connect',
      });
    }
  });

/** The configuration after defaults are applied. */
export type ManagedConfig = z.output<typeof ManagedConfigSchema>;
/** What IT writes in the file (every key optional). */
export type ManagedConfigInput = z.input<typeof ManagedConfigSchema>;

/** A fresh copy of the built-in defaults (what a missing file means). */
export function defaultManagedConfig(): ManagedConfig {
  return ManagedConfigSchema.parse({});
}

/**
 * Per-user settings as saved by the UI: the settings (ipc/settings.ts) plus
 * alarm tuning, all optional. `locked` and `updates` are IT-only; unknown keys
 * (including those two) are stripped rather than rejected, so a settings file
 * written by another app version still loads.
 */
export const UserSettingsSchema = SettingsSchema.partial().extend({
  /** Same rule as the managed file: https outside this machine. */
  serverUrl: HttpUrlSchema.optional(),
  alarm: AlarmSettingsSchema.optional(),
});
export type UserSettings = z.infer<typeof UserSettingsSchema>;

/** What the app actually runs with. */
export interface EffectiveSettings {
  serverUrl?: string;
  privacyMode: boolean;
  startAtLogin: boolean;
  locale: Locale;
  theme: Theme;
  alarm?: AlarmSettings;
  /** Always from the managed configuration: users cannot turn updates on. */
  updates: UpdatesConfig;
  /** Deduplicated; the UI disables these controls. */
  locked: readonly LockableSetting[];
}

export function isSettingLocked(config: Pick<ManagedConfig, 'locked'>, key: LockableSetting): boolean {
  return config.locked.includes(key);
}

/**
 * User settings win over the managed values, except for locked keys, where the
 * managed value (or its default) applies whatever the user saved. Managed
 * values also serve as the machine's defaults for keys the user never set.
 */
export function mergeSettings(managed: ManagedConfig, user: UserSettings = {}): EffectiveSettings {
  const locked = new Set<LockableSetting>(managed.locked);
  const choose = <T>(key: LockableSetting, managedValue: T, userValue: T | undefined): T =>
    locked.has(key) || userValue === undefined ? managedValue : userValue;

  const effective: EffectiveSettings = {
    privacyMode: choose('privacyMode', managed.privacyMode, user.privacyMode),
    startAtLogin: choose('startAtLogin', managed.startAtLogin, user.startAtLogin),
    locale: choose('locale', managed.locale, user.locale),
    theme: choose('theme', managed.theme, user.theme),
    updates: { ...managed.updates },
    locked: [...locked],
  };
  const serverUrl = choose('serverUrl', managed.serverUrl, user.serverUrl);
  if (serverUrl !== undefined) effective.serverUrl = serverUrl;

  const burstIntervalSeconds = choose('alarm', managed.alarm?.burstIntervalSeconds, user.alarm?.burstIntervalSeconds);
  if (managed.alarm !== undefined || (user.alarm !== undefined && !locked.has('alarm'))) {
    effective.alarm = burstIntervalSeconds === undefined ? {} : { burstIntervalSeconds };
  }
  return effective;
}

const ALLOWED_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(ManagedConfigSchema.shape),
  updates: Object.keys(UpdatesConfigSchema.shape),
  alarm: Object.keys(AlarmSettingsSchema.shape),
};

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(top level)' : out;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function suggest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return (
    allowed.find((candidate) => candidate.toLowerCase() === lower) ??
    allowed.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2)
  );
}

/**
 * One line per problem, each starting with the failing field, e.g.
 * `privacyMode: Invalid input: expected boolean, received string` or
 * `(top level): unknown key "serverURL" (did you mean "serverUrl"?)`.
 */
export function describeManagedConfigError(error: z.ZodError): string {
  return error.issues
    .flatMap((issue) => {
      const where = formatPath(issue.path);
      if (issue.code !== 'unrecognized_keys') return [`${where}: ${issue.message}`];
      const allowed = ALLOWED_KEYS[issue.path.map(String).join('.')] ?? [];
      return issue.keys.map((key) => {
        const hint = suggest(key, allowed);
        const help = hint !== undefined ? ` (did you mean "${hint}"?)` : allowed.length > 0 ? ` (allowed keys: ${allowed.join(', ')})` : '';
        return `${where}: unknown key "${key}"${help}`;
      });
    })
    .join('; ');
}
