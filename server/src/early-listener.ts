import type { Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * The server's port, open from the first moments of the process and held
 * until the app is ready. After a crash every station reconnects at once,
 * each with its own backoff (1 s doubling to 30 s): a station that finds the
 * port closed while the modules load (2–3 s under a reconnect storm) waits
 * for its next step, 4 or 8 s later. Opened first, the port takes their
 * connections and holds them, paused and unread, so each is answered the
 * moment the app is ready (issue #13, P4). Nothing is answered early: no
 * request reaches anything before the app has every route and the gateway.
 */
export class EarlyListener {
  private readonly waiting = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      // Paused, a socket reads nothing, so a client that gave up meanwhile is seen only once
      // it is handed over (the app then reads its end and closes it); an error drops it now.
      this.waiting.add(socket);
      socket.once('error', () => {
        this.waiting.delete(socket);
        socket.destroy();
      });
    });
  }

  /** Listens on the app's port and host; fails like the app's own listen would (EADDRINUSE, EACCES). */
  static listen(port: number, host: string): Promise<EarlyListener> {
    const server = createServer({ pauseOnConnect: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(new EarlyListener(server));
      });
    });
  }

  /** What the app listens on (`server.listen(handle)`): the same socket, so its address never changes and no connection is refused in between. */
  get handle(): Server {
    return this.server;
  }

  /** Connections held now. */
  get held(): number {
    return this.waiting.size;
  }

  /**
   * After the app listens on {@link handle}: gives it the connections
   * that waited, in the order they came. New ones already go to the app.
   */
  handOver(app: HttpServer): void {
    this.server.removeAllListeners('connection');
    for (const socket of this.waiting) {
      socket.removeAllListeners('error');
      app.emit('connection', socket);
      socket.resume();
    }
    this.waiting.clear();
  }
}
