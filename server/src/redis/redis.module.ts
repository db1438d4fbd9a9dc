import { type DynamicModule, Module } from '@nestjs/common';
import { RedisConnections } from './redis-connections';
import { RedisLifecycle } from './redis-lifecycle';

/**
 * The Redis connections `createApp` opened when REDIS_URL is set (the
 * Socket.io adapter needs them before Nest starts), handed to Nest so health
 * can ping them and shutdown can quit them. Without REDIS_URL it provides
 * nothing, and `@Optional()` consumers get `undefined`. Global because its
 * value comes from the composition root, like the config.
 */
@Module({})
export class RedisModule {
  static forRoot(redis: RedisConnections | undefined): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: redis ? [{ provide: RedisConnections, useValue: redis }, RedisLifecycle] : [],
      exports: redis ? [RedisConnections] : [],
    };
  }
}
