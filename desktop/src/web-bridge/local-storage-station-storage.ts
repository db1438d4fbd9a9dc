/// <reference lib="dom" />
import type { CoreLogger } from '../core/logger';
import type { StationStorage } from '../core/storage';

/** One key per server: a page of another origin never shares it anyway, but a copied profile should not mix servers. */
export const stationStateKey = (origin: string): string => `plantao:station-state:${origin}`;

/**
 * `StationStorage` over `localStorage` for the browser station: what the
 * desktop keeps in a file (session, `lastSeq`, alerts with read/ack state)
 * survives a reload here. Text that is not JSON is "nothing saved" (the core
 * then starts clean and the next save replaces it); the core validates the
 * rest. A full or disabled storage throws, and the core logs it.
 */
export function createLocalStorageStationStorage(options: { storage: Storage; key: string; logger: CoreLogger }): StationStorage {
  const { storage, key, logger } = options;
  return {
    async load() {
      const text = storage.getItem(key);
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        logger.error('saved station state is not JSON; starting clean', {
          key,
          err: error instanceof Error ? error.message : String(error),
        });
        return undefined;
      }
    },
    async save(data) {
      storage.setItem(key, JSON.stringify(data));
    },
    async clear() {
      storage.removeItem(key);
    },
  };
}
