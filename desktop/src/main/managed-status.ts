import type { Locale, ManagedConfigStatus } from '@plantao/shared';
import { dialog } from 'electron';
import { messages } from './i18n';
import type { Logger } from './logger';
import type { ManagedConfigLoadResult } from './managed-config';

/** What the UI shows about IT's configuration file. */
export function managedConfigStatusOf(result: ManagedConfigLoadResult): ManagedConfigStatus {
  const state = !result.ok ? 'invalid' : result.missing ? 'absent' : 'loaded';
  return {
    state,
    path: result.path,
    ...(result.ok ? {} : { error: result.error }),
    ...(result.notice ? { notice: result.notice } : {}),
  };
}

/**
 * A bad managed config file never stops the station (it runs on defaults),
 * but it must not go unnoticed: logged, and shown once at start.
 */
export function reportManagedConfig(result: ManagedConfigLoadResult, locale: Locale, log: Logger): void {
  if (result.notice) log.warn('managed config notice', { path: result.path, notice: result.notice });
  if (result.ok) return;
  log.error('managed config invalid; using defaults', { path: result.path, error: result.error });
  const t = messages(locale);
  void dialog.showMessageBox({
    type: 'warning',
    title: t.managedConfigInvalidTitle,
    message: t.managedConfigInvalidMessage,
    detail: result.error,
  });
}
