import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { hashPassword } from './auth/password-hasher';
import { ConfigError, loadConfig } from './config/app-config';
import type { DatabaseHandle } from './db/create-database';
import { DATABASE } from './db/database.module';
import { DEMO_TENANT, DEMO_USERS, seedDemo } from './db/seed-demo';
import { ProcessErrors } from './metrics/process-errors';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const logger = new Logger('Plantão');
  // Unhandled rejections are logged and counted by ProcessErrors (the process
  // keeps running). An uncaught exception leaves the process in an unknown
  // state: log, count, exit 1 (Node's guidance); the supervisor restarts it
  // and stations reconnect to an instance and replay from `lastSeq`.
  process.on('uncaughtException', (error) => {
    try {
      app.get(ProcessErrors).uncaughtException(error);
    } finally {
      process.exit(1);
    }
  });
  // SIGTERM/SIGINT: stop accepting, disconnect stations with a clean close
  // (they reconnect to another instance and replay), close DB and Redis, exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received: shutting down gracefully`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error instanceof Error ? error.stack : String(error));
          process.exit(1);
        },
      );
    });
  }

  if (config.seedDemo) {
    const { db } = app.get<DatabaseHandle>(DATABASE);
    if (await seedDemo(db, hashPassword)) logger.log(`Seeded demo tenant ${DEMO_TENANT.id}`);
  }
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.log({ port }, `Plantão server listening on ${url} (API docs ${url}/api/docs, socket ${url}/alerts)`);
  if (config.seedDemo) {
    const logins = DEMO_USERS.map((u) => `  ${u.role.padEnd(6)} ${u.email} / ${u.password}`).join('\n');
    process.stdout.write(`\nPlantão demo is running at ${url}\nDemo logins (tenant ${DEMO_TENANT.id}):\n${logins}\n\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
