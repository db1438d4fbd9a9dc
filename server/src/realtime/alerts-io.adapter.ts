import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import type { RedisConnections } from '../redis/redis-connections';

/**
 * Socket.io server settings in one place: heartbeat tuned so a dead link is
 * noticed in under 10 s (Socket.io's defaults take 45 s), CORS from
 * CORS_ORIGINS, optional per-message compression above a threshold, and the
 * official Redis adapter when REDIS_URL is set (nestjs/nest sample 02-gateways).
 */
export class AlertsIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis?: RedisConnections,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const threshold = this.config.compressionThresholdBytes;
    const server = super.createIOServer(port, {
      ...options,
      pingInterval: this.config.pingIntervalMs,
      pingTimeout: this.config.pingTimeoutMs,
      cors: { origin: this.config.corsOrigins, credentials: true },
      maxHttpBufferSize: 64 * 1024,
      // `ws` honours the threshold only without context takeover; without it every frame is compressed.
      perMessageDeflate: threshold === undefined ? false : { threshold, serverNoContextTakeover: true, clientNoContextTakeover: true },
    }) as Server;
    if (this.redis) server.adapter(createAdapter(this.redis.pub, this.redis.sub));
    return server;
  }
}
