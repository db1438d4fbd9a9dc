import { StationAlertSchema, StationConfigSchema, StationUserSchema } from '@plantao/shared';
import { z } from 'zod';

/**
 * What the station keeps across app restarts, so a restart replays only what
 * it missed and nothing already seen alarms again: the session (rotating
 * refresh token + user), `lastSeq`, the alerts with their read/ack state, and
 * the hospital's station config, and the server origin they all belong to.
 * Validated on load: a damaged or foreign file means "start clean", never a crash.
 */
export const PERSISTED_VERSION = 1;

export const PersistedStationSchema = z.object({
  version: z.literal(PERSISTED_VERSION),
  /** Hospital the alerts below belong to: another tenant's login starts clean. */
  tenantId: z.string().optional(),
  /**
   * Origin (`https://host:port`) of the server the session and alerts came from.
   * Optional so files written before it existed still load; a station started
   * against another origin wipes the session and alerts (issue #8).
   */
  serverOrigin: z.string().optional(),
  session: z.object({ refreshToken: z.string().min(1), user: StationUserSchema }).optional(),
  lastSeq: z.number().int().min(0),
  alerts: z.array(StationAlertSchema),
  /** The hospital's station settings last heard, so a restart offline keeps its alarm window. */
  config: StationConfigSchema.optional(),
  /**
   * This installation's station id (issue #9: receipts and presence count a PC
   * once). Not the hospital's data: kept when the server or hospital changes.
   */
  stationId: z.string().min(1).max(200).optional(),
});
export type PersistedStation = z.infer<typeof PersistedStationSchema>;

/**
 * Where the host keeps that state: a file in the app's data directory
 * (`file-storage.ts`, Node only), memory (tests, the web bridge), or anything
 * else with these three calls. `load` answers `undefined` when nothing was saved.
 */
export interface StationStorage {
  load(): Promise<unknown>;
  save(data: PersistedStation): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps a JSON copy (like a file would), so callers never share objects with it. */
export function createMemoryStorage(initial?: PersistedStation): StationStorage & { readonly data: PersistedStation | undefined } {
  let json = initial === undefined ? undefined : JSON.stringify(initial);
  return {
    load: async () => (json === undefined ? undefined : (JSON.parse(json) as unknown)),
    save: async (data) => {
      json = JSON.stringify(data);
    },
    clear: async () => {
      json = undefined;
    },
    get data() {
      return json === undefined ? undefined : (JSON.parse(json) as PersistedStation);
    },
  };
}
