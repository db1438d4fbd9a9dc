import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidStationId, newStationId, type StationIdentityOptions } from '../core/station-identity';
import { readJsonFile, writeJsonFile } from './json-file';
import type { Logger } from './logger';

const StationIdFileSchema = z.object({ stationId: z.string().refine(isValidStationId, 'not a station id') });

/**
 * This PC's station identity for the handshake (issue #9). The id lives in its
 * own small file in the user's data folder, apart from the station state, so a
 * logout (which wipes the state) or a move to another server keeps it: one
 * installation is one station for delivery receipts and presence. The name IT
 * sees is the computer's name (the managed configuration has no station-name
 * key); the version is the app's.
 */
export function stationIdentity(options: { userData: string; appVersion: string; log: Logger; host?: string }): StationIdentityOptions {
  const file = join(options.userData, 'station-id.json');
  let id = readJsonFile(file, StationIdFileSchema, options.log)?.stationId;
  if (id === undefined) {
    id = newStationId();
    try {
      writeJsonFile(file, { stationId: id });
      options.log.info('new station id', { stationId: id, file });
    } catch (error) {
      // The core keeps the id in its state file too: still the same station after a restart, unless someone logs out.
      options.log.warn('station id file not written; the station state keeps the id instead', { file, error });
      id = undefined;
    }
  }
  const host = (options.host ?? hostname()).trim();
  return {
    ...(id !== undefined ? { id } : {}),
    ...(host !== '' ? { name: host, host } : {}),
    appVersion: options.appVersion,
  };
}
