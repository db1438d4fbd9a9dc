import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { setupApiDocs } from './api-docs/api-docs';
import { type AppDependencies, AppModule } from './app.module';
import { HttpErrorFilter, reasonPhrase, toStatus } from './common/http-error.filter';
import { securityHeaders } from './common/security-headers';
import type { AppConfig } from './config/app-config';
import { isDatabaseUnavailable } from './db/create-database';
import { bootstrapLogger } from './logging/startup-logger';
import { AlertsIoAdapter } from './realtime/alerts-io.adapter';
import { RedisConnections } from './redis/redis-connections';

/** Builds a ready-to-listen app; used by `main.ts`, the tests and the benchmark. */
export async function createApp(config: AppConfig, deps: Omit<AppDependencies, 'redis'> = {}): Promise<NestExpressApplication> {
  const redis = config.redisUrl
    ? await RedisConnections.connect(config.redisUrl, { outageResyncMs: config.redisOutageResyncMs })
    : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { ...deps, redis }), {
    // JSON from the first line: what Nest logs while building the app (a module that fails to start
    // included) goes through pino too, and the failure reaches the caller instead of exiting here.
    bufferLogs: true,
    logger: bootstrapLogger(config),
    abortOnError: false,
    bodyParser: false,
    rawBody: true, // the WhatsApp webhook signature is computed over the exact bytes received
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(securityHeaders(config));
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.enableCors({ origin: config.corsOrigins, credentials: true });
  app.useGlobalFilters(
    new HttpErrorFilter([
      {
        code: 'database_unavailable',
        message: 'Database unavailable; retry shortly',
        retryAfterSeconds: 2,
        matches: isDatabaseUnavailable,
      },
    ]),
  );
  app.useWebSocketAdapter(new AlertsIoAdapter(app, config, redis));

  setupApiDocs(app, config);

  await app.init();
  // Body-parser errors (413, malformed JSON) happen before routing, out of
  // reach of Nest's filters: answer them in the contract's error shape too.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const { statusCode, message } = toStatus(error);
    res.status(statusCode).json({ statusCode, error: reasonPhrase(statusCode), message });
  });
  return app;
}
