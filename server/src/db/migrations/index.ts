import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial';
import * as conversations from './0002-conversations';
import * as stationSettings from './0003-station-settings';
import * as clinicalSafety from './0006-clinical-safety';
import * as userLifecycle from './0004-user-lifecycle';
import * as retention from './0005-retention';
import * as messageMedia from './0007-message-media';

/**
 * Migrations are listed here rather than read from a folder so the same list
 * works from compiled output, from tests, and from a bundled build. Names sort
 * in the order they must run; never edit one that has shipped: add a new one.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-conversations': conversations,
  '0003-station-settings': stationSettings,
  '0004-user-lifecycle': userLifecycle,
  '0005-retention': retention,
  '0006-clinical-safety': clinicalSafety,
  '0007-message-media': messageMedia,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
