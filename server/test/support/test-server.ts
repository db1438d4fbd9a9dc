import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import type { Clock } from '../../src/common/clock';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { TEST_JWT_SECRET } from './spawn-server';

export interface TestServer {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real app, in this process, on 127.0.0.1 and a free port. */
export async function startTestServer(options: { databaseUrl: string; env?: Record<string, string>; clock?: Clock }): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATABASE_URL: options.databaseUrl,
    ...options.env,
  });
  const app = await createApp(config, options.clock ? { clock: options.clock } : {});
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, config, close: () => app.close() };
}
