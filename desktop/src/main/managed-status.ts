import type { ManagedConfigStatus } from '@plantao/shared';
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
