import type { StationConfig } from '@plantao/shared';
import { type CoreLogger, errorContext } from './logger';
import type { RestClient } from './rest-client';
import type { Scheduler } from './scheduler';

/**
 * What a station knows about its hospital besides alerts: colleagues' names
 * (so the screen says "Lida por Ana", not a user id) and the hospital's
 * station settings (alarm window, time zone). Loaded at every connect; the
 * staff list again when an alert names a user it does not know (a colleague
 * created during the shift), at most once per `staffRefreshMs`.
 */
export interface HospitalDirectory {
  /**
   * Loads both; failures are logged and keep what was known (defaults at
   * first). `isCurrent` is asked before anything is stored: an answer for a
   * session that ended (another hospital signed in since) is dropped.
   */
  load(accessToken: () => Promise<string>, isCurrent: () => boolean): Promise<void>;
  /** Reloads the staff list if any of these user ids is unknown (throttled). */
  noteUserIds(ids: readonly string[], accessToken: () => Promise<string>, isCurrent: () => boolean): void;
}

export interface HospitalDirectoryOptions {
  rest: () => RestClient;
  staff: () => Record<string, string>;
  onStaff: (staff: Record<string, string>) => void;
  onConfig: (config: StationConfig) => void;
  scheduler: Scheduler;
  logger: CoreLogger;
  staffRefreshMs?: number;
}

export function createHospitalDirectory(options: HospitalDirectoryOptions): HospitalDirectory {
  const log = options.logger;
  const refreshMs = options.staffRefreshMs ?? 30_000;
  let lastStaffLoad = Number.NEGATIVE_INFINITY;
  let staffLoading = false;

  const loadStaff = async (accessToken: () => Promise<string>, isCurrent: () => boolean) => {
    if (staffLoading) return;
    staffLoading = true;
    lastStaffLoad = options.scheduler.now();
    try {
      const members = await options.rest().staff(await accessToken());
      if (isCurrent()) options.onStaff(Object.fromEntries(members.map((member) => [member.id, member.name])));
    } catch (error) {
      log.warn('staff names not loaded; user ids are shown instead', errorContext(error));
    } finally {
      staffLoading = false;
    }
  };

  const loadConfig = async (accessToken: () => Promise<string>, isCurrent: () => boolean) => {
    try {
      const config = await options.rest().stationConfig(await accessToken());
      if (isCurrent()) options.onConfig(config);
    } catch (error) {
      log.warn('station config not loaded; keeping the last known (or default) alarm window', errorContext(error));
    }
  };

  return {
    async load(accessToken, isCurrent) {
      await Promise.all([loadConfig(accessToken, isCurrent), loadStaff(accessToken, isCurrent)]);
    },
    noteUserIds(ids, accessToken, isCurrent) {
      const known = options.staff();
      if (ids.every((id) => known[id] !== undefined)) return;
      if (options.scheduler.now() - lastStaffLoad < refreshMs) return;
      void loadStaff(accessToken, isCurrent);
    },
  };
}
