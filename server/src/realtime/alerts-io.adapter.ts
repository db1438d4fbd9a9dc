import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { ALERTS_NAMESPACE } from '@plantao/shared';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import type { RedisConnections } from '../redis/redis-connections';
import { connectionGuard } from './connection-guard';

/**
 * Socket.io server settings in one place: heartbeat tuned so a dead link is
 * noticed in under 10 s (Socket.io's defaults take 45 s), CORS from
 * CORS_ORIGINS, optional per-message compression above a threshold, and the
 * official Redis adapter when REDIS_URL is set (nestjs/nest sample 02-gateways),
 * given clients whose fire-and-forget publishes cannot reject unhandled, and
 * the way to make stations replay after a Redis outage (issue #8).
 * Connection limits (connect timeout, `/` closed, per address): connection-guard.ts.
 * Client events: the gateway's own listener, one per socket (message-handlers.ts), not Nest's per-handler bindings.
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
    const guard = connectionGuard(this.config);
    const server = super.createIOServer(port, {
      ...options,
      pingInterval: this.config.pingIntervalMs,
      pingTimeout: this.config.pingTimeoutMs,
      cors: { origin: this.config.corsOrigins, credentials: true },
      maxHttpBufferSize: 64 * 1024,
      ...guard.options,
      // `ws` honours the threshold only without context takeover; without it every frame is compressed.
      perMessageDeflate: threshold === undefined ? false : { threshold, serverNoContextTakeover: true, clientNoContextTakeover: true },
    }) as Server;
    guard.attach(server);
    if (this.redis) {
      server.adapter(this.redis.socketIoAdapter);
      const logger = new Logger('RedisResync');
      // Disconnected stations reconnect with `lastSeq` and the gateway replays
      // from the database. `local`: only this instance's sockets (a plain
      // disconnectSockets goes through Redis to every instance).
      this.redis.onResync({
        local: (reason) => {
          logger.warn({ reason }, 'disconnecting local stations so they replay');
          server.of(ALERTS_NAMESPACE).local.disconnectSockets(true);
        },
        everywhere: (reason) => {
          logger.warn({ reason }, "disconnecting every instance's stations so they replay");
          // The adapter publishes the request to the others but skips its own sockets.
          server.of(ALERTS_NAMESPACE).disconnectSockets(true);
          server.of(ALERTS_NAMESPACE).local.disconnectSockets(true);
        },
      });
    }
    return server;
  }

  /** The gateway listens for its client events itself (message-handlers.ts): nothing for Nest to bind per socket. */
  override bindMessageHandlers(): void {}
}
