/// <reference lib="dom" />
import type { CoreLogger } from '../core/logger';
import { isValidStationId, newStationId, type StationIdentityOptions } from '../core/station-identity';

/** One key per browser profile and origin (localStorage is per origin anyway). */
export const STATION_ID_KEY = 'plantao:station-id';

/** What IT and the audit see for a browser station: it has no computer name to give. */
export const BROWSER_STATION_NAME = 'Navegador';

/**
 * The browser station's identity for the handshake (issue #9): an id kept in
 * `localStorage` apart from the station state, so a logout (which clears that
 * state) or a reload keeps it, and this browser counts as one station for
 * delivery receipts and presence. Tabs share it; only one of them runs the
 * station (station-tab-lock.ts). No host name: a page cannot know it.
 */
export function browserStationIdentity(options: { storage: Storage; appVersion: string; logger: CoreLogger }): StationIdentityOptions {
  const { storage, logger } = options;
  let id: string | undefined;
  try {
    const saved = storage.getItem(STATION_ID_KEY);
    if (isValidStationId(saved)) id = saved;
    else {
      id = newStationId();
      storage.setItem(STATION_ID_KEY, id);
    }
  } catch (error) {
    // Storage disabled or full: the core keeps an id in its own state instead.
    logger.warn('station id not kept in localStorage', { err: error instanceof Error ? error.message : String(error) });
  }
  return { ...(id !== undefined ? { id } : {}), name: BROWSER_STATION_NAME, appVersion: options.appVersion };
}
