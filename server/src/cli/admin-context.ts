import { Broadcaster } from '../broadcast/broadcaster';
import { SystemClock } from '../common/clock';
import { type AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../db/create-database';
import { UsersService } from '../users/users.service';
import { CliError, ExitCode } from './cli-error';
import type { RedisRelay } from './redis-relay';

export interface AdminContext {
  config: AppConfig;
  handle: DatabaseHandle;
  users: UsersService;
  /** True when the stations of running servers can be reached (REDIS_URL set and Redis answered). */
  reachesStations: boolean;
  close(): Promise<void>;
}

/**
 * What a command works with: the server's own configuration (the same
 * environment variables, validated the same way), its database brought to
 * the latest migration, and the same UsersService the REST routes use.
 * `stations`: also connect to Redis (when REDIS_URL is set) so a disable
 * reaches live sockets; if Redis cannot be reached, `warn` says so and the
 * command goes on (the account is refused anyway, see `disable-user`).
 */
export async function openAdminContext(
  env: NodeJS.ProcessEnv,
  options: { stations?: boolean; warn: (message: string) => void },
): Promise<AdminContext> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
  const handle = openDatabase(config.databaseUrl, { sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs });
  try {
    await migrateToLatest(handle);
  } catch (error) {
    await handle.db.destroy().catch(() => undefined);
    // The kind only: DATABASE_URL may hold a password.
    throw new CliError(`cannot use the ${handle.kind} database of DATABASE_URL: ${messageOf(error)}`, ExitCode.runtime);
  }
  const broadcaster = new Broadcaster();
  let relay: RedisRelay | undefined;
  if (options.stations && config.redisUrl) {
    try {
      // Loaded only here: Socket.io and the Redis client are the slowest part of starting a command.
      const { connectRedisRelay } = await import('./redis-relay.js');
      relay = await connectRedisRelay(config.redisUrl);
      broadcaster.attach(relay.namespace);
    } catch (error) {
      options.warn(`cannot reach Redis (REDIS_URL): ${messageOf(error)}`);
    }
  }
  return {
    config,
    handle,
    users: new UsersService(handle, new SystemClock(), broadcaster),
    reachesStations: relay !== undefined,
    close: async () => {
      await relay?.close();
      await handle.db.destroy();
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
