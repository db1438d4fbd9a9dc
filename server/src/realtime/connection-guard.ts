import { Logger } from '@nestjs/common';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import { AddressConnectionLimit, clientAddress } from './address-connection-limit';

/** `connect_error` message for a client that opens the default namespace: nothing is served there. */
export const DEFAULT_NAMESPACE_REFUSAL = 'no service on this namespace: stations connect to /alerts';

/**
 * Connections that hold a file descriptor without being a station are closed
 * within seconds (issue #8: ~20,000 tokenless websockets parked on `/` took
 * every descriptor):
 * - an engine connection that joins no namespace in `connectTimeout`
 *   (SOCKET_CONNECT_TIMEOUT_MS; Socket.io's default is 45 s) is closed by
 *   Socket.io. That covers a handshake `/alerts` refused (bad token) and a
 *   namespace that does not exist.
 * - the default namespace `/` always exists in Socket.io and accepts anyone:
 *   it refuses every socket and closes the connection at once.
 * - each client address may hold SOCKET_MAX_CONNECTIONS_PER_ADDRESS engine
 *   connections: the next is refused before its handshake (403), and one that
 *   slipped past in a concurrent burst is closed as soon as it is counted.
 */
export function connectionGuard(config: AppConfig) {
  const logger = new Logger('ConnectionGuard');
  const limit = new AddressConnectionLimit(config.maxConnectionsPerAddress);
  const addressOf = (request: Parameters<typeof clientAddress>[0]) => clientAddress(request, config.clientAddressHeader);
  const warned = new Set<string>();
  const refuse = (address: string) => {
    // Once per address until it is back under the limit: a flood of refusals must not flood the log.
    if (warned.has(address)) return;
    warned.add(address);
    logger.warn({ address, limit: limit.max }, 'connection limit per address reached; refusing new connections');
  };

  const options: Partial<ServerOptions> = {
    connectTimeout: config.socketConnectTimeoutMs,
    allowRequest: (request, answer) => {
      const address = addressOf(request);
      if (limit.allows(address)) return answer(null, true);
      refuse(address);
      answer('too many connections from this address', false);
    },
  };

  const attach = (server: Server): void => {
    server.engine.on(
      'connection',
      (connection: { request: Parameters<typeof clientAddress>[0]; close(): void; once(e: 'close', f: () => void): void }) => {
        const address = addressOf(connection.request);
        const within = limit.add(address);
        connection.once('close', () => {
          limit.remove(address);
          if (limit.allows(address)) warned.delete(address);
        });
        if (!within) {
          refuse(address);
          connection.close();
        }
      },
    );
    server.of('/').use((socket, next) => {
      next(new Error(DEFAULT_NAMESPACE_REFUSAL));
      // Socket.io writes the refusal on the next tick; close after it (the engine flushes its buffer first).
      setImmediate(() => socket.conn.close());
    });
  };

  return { options, attach, limit };
}
