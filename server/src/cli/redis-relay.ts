import { ALERTS_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@plantao/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { AlertsNamespace, InterServerEvents, StationSocketData } from '../broadcast/alerts-namespace';

export interface RedisRelay {
  /** A namespace with no sockets of its own: what is asked of it reaches every server instance through Redis. */
  namespace: AlertsNamespace;
  close(): Promise<void>;
}

/**
 * How the CLI reaches the stations of running servers: a Socket.io server
 * that never listens, with the same official Redis adapter the servers use
 * (same channels), so `Broadcaster.disconnectUser` through it is relayed to
 * every instance. One attempt, no reconnection: a command must end.
 */
export async function connectRedisRelay(redisUrl: string): Promise<RedisRelay> {
  const pub = createClient({ url: redisUrl, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  const sub = pub.duplicate();
  const errors: unknown[] = [];
  // Heard, so a dropped link is a failed command, not a crash; connect() reports the first one.
  for (const client of [pub, sub]) client.on('error', (error: unknown) => errors.push(error));
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    await Promise.allSettled([pub.destroy(), sub.destroy()]);
    throw error;
  }
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, StationSocketData>();
  io.adapter(createAdapter(pub, sub));
  const namespace = io.of(ALERTS_NAMESPACE);
  return {
    namespace,
    close: async () => {
      await namespace.adapter.close();
      // close() sends what is queued (the adapter's publish) before it quits.
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
