import { powerMonitor } from 'electron';
import type { StationCore } from '../core/station-core';
import type { Logger } from './logger';

/**
 * After sleep the socket is dead but may not know it yet: reconnect at once
 * instead of waiting out the backoff, so no alert waits on a sleeping timer.
 */
export function reconnectOnResume(station: Pick<StationCore, 'notifyResume'>, log: Logger): void {
  powerMonitor.on('resume', () => {
    log.info('system resumed');
    station.notifyResume();
  });
}
