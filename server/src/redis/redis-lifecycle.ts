import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RedisConnections } from './redis-connections';

/** Quits Redis after Nest has closed the sockets (shutdown hooks run after dispose). */
@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(private readonly redis: RedisConnections) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.close();
  }
}
