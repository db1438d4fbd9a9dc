import type { Locale } from '@plantao/shared';
import type { TrayState } from '../core/ports';
import { messages } from './i18n';

/** Which tray image to show; each has a file `assets/icons/tray-<kind>.png`. */
export type TrayIconKind = 'connected' | 'disconnected' | 'critical';

export interface TrayAppearance {
  icon: TrayIconKind;
  /** Hover text: connection, unread and unacknowledged counts. */
  tooltip: string;
  /** Text next to the icon (macOS menu bar): the unread count, or empty. */
  title: string;
}

/**
 * What the tray shows for a state. An unacknowledged critical alert wins
 * over a lost connection: both are alarms, but the critical one names a
 * patient waiting now; the tooltip still says the connection is lost.
 */
export function trayAppearance(state: TrayState, locale?: Locale, now: number = Date.now()): TrayAppearance {
  const t = messages(locale);
  const icon: TrayIconKind =
    state.unacknowledgedCritical > 0 ? 'critical' : state.connection === 'connected' ? 'connected' : 'disconnected';
  const parts = [t.appName, t[state.connection]];
  if (state.unread > 0) parts.push(t.unread(state.unread));
  if (state.unacknowledgedCritical > 0) parts.push(t.unacknowledgedCritical(state.unacknowledgedCritical));
  if (state.silencedUntil !== undefined && state.silencedUntil > now) parts.push(t.silenced);
  return { icon, tooltip: parts.join(' — '), title: state.unread > 0 ? String(state.unread) : '' };
}
