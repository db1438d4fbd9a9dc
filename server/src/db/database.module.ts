import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './create-database';
import type { Database } from './schema';

export const DATABASE = Symbol('DATABASE');

/**
 * Closes the connection at shutdown. Every feature that queries imports this
 * module, so Nest shuts it down after them: their own shutdown work still has a database.
 */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.db.destroy();
  }
}

/**
 * Owns the connection: migrates on start, closes on shutdown. One connection
 * for the app: a static module is a singleton however many features import it.
 */
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DatabaseHandle> => {
        const handle = openDatabase(config.databaseUrl, { sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs });
        await migrateToLatest(handle);
        return handle;
      },
    },
    DatabaseLifecycle,
  ],
  exports: [DATABASE],
})
export class DatabaseModule {}

export type Db = Kysely<Database>;
