import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { hashPassword } from './auth/password-hasher';
import type { AppConfig } from './config/app-config';
import type { DatabaseHandle } from './db/create-database';
import { DATABASE } from './db/database.module';
import { DEMO_TENANT, DEMO_USERS, seedDemo } from './db/seed-demo';
import type { EarlyListener } from './early-listener';
import { SERVER_VERSION } from './health/server-version';
import { ProcessErrors } from './metrics/process-errors';
import { webhookSecret } from './whatsapp/webhook-secret';

/**
 * Everything after the port is open: the app (all modules load here), the
 * process hooks, demo data, then the app takes over the early listener's
 * socket and the connections it held.
 */
export async function startServer(config: AppConfig, early: EarlyListener): Promise<void> {
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
  // The socket the early listener opened (same port, never closed in between); then the connections it held.
  await app.listen(early.handle as unknown as number);
  early.handOver(app.getHttpServer());
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const docs = config.apiDocs ? `API docs ${url}/api/docs, ` : '';
  logger.log({ port, version: SERVER_VERSION }, `Plantão server listening on ${url} (${docs}socket ${url}/alerts)`);
  // For a person at a terminal only (`npm start`): piped to a log collector, stdout stays one JSON object per line.
  if (config.seedDemo && process.stdout.isTTY) {
    const logins = DEMO_USERS.map((u) => `  ${u.role.padEnd(6)} ${u.email} / ${u.password}`).join('\n');
    const secret = webhookSecret(config);
    const webhook =
      secret.source === 'demo'
        ? `WhatsApp webhook: POST ${url}/api/webhooks/whatsapp, X-Hub-Signature-256 keyed with the demo secret "${secret.secret}" (README "Integrating with Plantão")\n`
        : '';
    process.stdout.write(`\nPlantão demo is running at ${url}\nDemo logins (tenant ${DEMO_TENANT.id}):\n${logins}\n${webhook}\n`);
  }
}
