import type { BackoffOptions } from './backoff';
import type { CoreLocale } from './i18n';
import type { CoreLogger } from './logger';
import type { AlertFormatter } from './notification-text';
import type { AlarmOutputs } from './ports';
import type { Scheduler } from './scheduler';
import type { StationIdentityOptions } from './station-identity';
import type { StationStorage } from './storage';
import type { StoreLimits } from './store';

/** What a host gives `createStation`: where the server is, where state survives, how to alarm; the rest has defaults. */
export interface StationOptions {
  /** e.g. `https://plantao.hospital.example` (no trailing `/alerts`). */
  serverUrl: string;
  storage: StationStorage;
  outputs: AlarmOutputs;
  /** Language of the core's notifications and errors; a function is read each time (settings can change). */
  locale?: CoreLocale | (() => CoreLocale);
  /** Notifications show initials and bed instead of the name (default true); a function is read each time. */
  privacyMode?: boolean | (() => boolean);
  /** Pause between repeated alarms of an unacknowledged critical alert. Default 30 s. */
  burstIntervalMs?: number;
  /** Disconnected this long → technical alarm. Default 10 s. */
  technicalAlarmAfterMs?: number;
  /** Pause between repeated technical alarms. Default: the burst interval. */
  technicalRepeatMs?: number;
  /** Pause between repeats while an escalated critical alert waits. Default: a third of the burst interval, 6–10 s. */
  escalatedRepeatMs?: number;
  /**
   * Who this station is, sent in every handshake (issue #9): `id` when the host
   * keeps one per installation (else the core keeps one in `storage`), the
   * station `name` IT recognises, the `host` name, the `appVersion`.
   */
  station?: StationIdentityOptions;
  /** Longest wait for the replay after a (re)connect before alerts alarm one by one. Default 1.5 s. */
  catchUpWindowMs?: number;
  /** Reconnection pacing. Default 1 s → 30 s, jitter 0.5. */
  backoff?: Partial<BackoffOptions>;
  limits?: Partial<StoreLimits>;
  /** Wait for a socket action's answer before falling back to REST. Default 5 s. */
  actionTimeoutMs?: number;
  /** Fake time for tests; real timers otherwise. */
  scheduler?: Scheduler;
  logger?: CoreLogger;
  fetch?: typeof fetch;
  /** The alert notification text (e.g. `formatAlertNotification` from `@plantao/shared`). */
  formatAlert?: AlertFormatter;
  transports?: ('websocket' | 'polling')[];
}

/** An option given as a value, or as a function read at each use. */
export const readOption = <T>(value: T | (() => T)): T => (typeof value === 'function' ? (value as () => T)() : value);
