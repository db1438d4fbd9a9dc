import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy whose link a test can cut, like a pulled network cable or a
 * restarting database: while cut, open connections are dropped and new ones
 * are closed at once, so the client's own reconnection logic runs. In front
 * of the Plantão server (the desktop's station suites), `blockSocketIo` cuts
 * only the Socket.io traffic (REST still passes), to exercise the REST
 * fallback of alert actions; in front of PostgreSQL (the outage suite) it is
 * a plain cable. Both kinds of client speak first, so the first packet tells
 * Socket.io traffic apart.
 */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: for HTTP/Socket.io clients. */
  url: string;
  port: number;
  /** Drop every connection and refuse new ones. */
  cut(): void;
  restore(): void;
  /** Drop Socket.io connections and refuse new ones; REST keeps working. */
  blockSocketIo(blocked: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Map<Socket, 'socket.io' | 'other'>();
  let down = false;
  let socketIoBlocked = false;

  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    client.once('data', (first: Buffer) => {
      const kind = first.toString('latin1').includes('/socket.io/') ? 'socket.io' : 'other';
      if (down || (socketIoBlocked && kind === 'socket.io')) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, targetHost);
      open.set(client, kind);
      open.set(upstream, kind);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        open.delete(client);
        open.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    client.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const drop = (which: (kind: 'socket.io' | 'other') => boolean) => {
    for (const [socket, kind] of open) {
      if (!which(kind)) continue;
      socket.destroy();
      open.delete(socket);
    }
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cut() {
      down = true;
      drop(() => true);
    },
    restore() {
      down = false;
    },
    blockSocketIo(blocked) {
      socketIoBlocked = blocked;
      if (blocked) drop((kind) => kind === 'socket.io');
    },
    close: () =>
      new Promise<void>((resolve) => {
        drop(() => true);
        server.close(() => resolve());
      }),
  };
}
