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
 *
 * Two options serve the network-namespace suite (a station behind its own
 * veth link): `listenHost` binds the proxy to the veth's host address, and
 * `delayMs` holds every chunk in each direction, for latency. The kernel
 * there has no `netem`, so that latency is stream-level (chunks held in this
 * process), not per packet.
 */
export interface TcpProxyOptions {
  /** Address to listen on. Default `127.0.0.1`. */
  listenHost?: string;
  /**
   * Initial delay per direction. Given (even `{toTargetMs: 0, toClientMs: 0}`),
   * connections go through a delaying relay and `setDelay` changes the delay of
   * open connections too; without it, they are plain pipes as before.
   */
  delayMs?: ProxyDelay;
}

/** How long each chunk is held, per direction (ms). */
export interface ProxyDelay {
  /** client → target */
  toTargetMs: number;
  /** target → client */
  toClientMs: number;
}

export interface TcpProxy {
  /** `http://<listenHost>:<port>`: for HTTP/Socket.io clients. */
  url: string;
  port: number;
  /** Drop every connection and refuse new ones. */
  cut(): void;
  restore(): void;
  /** Drop Socket.io connections and refuse new ones; REST keeps working. */
  blockSocketIo(blocked: boolean): void;
  /** Only for a proxy started with `delayMs`: the new delay applies to chunks read from now on, open connections included. */
  setDelay(delay: ProxyDelay): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1', options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const open = new Map<Socket, 'socket.io' | 'other'>();
  let down = false;
  let socketIoBlocked = false;
  const listenHost = options.listenHost ?? '127.0.0.1';
  let delay: ProxyDelay | undefined = options.delayMs ? { ...options.delayMs } : undefined;

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
      if (delay) {
        // A side's end and close travel behind the chunks it sent, so held data still reaches the other side.
        const toTarget = delayedForward(upstream, () => delay?.toTargetMs ?? 0, drop);
        const toClient = delayedForward(client, () => delay?.toClientMs ?? 0, drop);
        client.on('error', drop);
        upstream.on('error', drop);
        toTarget(first);
        client
          .on('data', (chunk: Buffer) => toTarget(chunk))
          .on('end', () => toTarget('end'))
          .on('close', () => toTarget('close'));
        upstream
          .on('data', (chunk: Buffer) => toClient(chunk))
          .on('end', () => toClient('end'))
          .on('close', () => toClient('close'));
        return;
      }
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    client.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
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
    url: `http://${listenHost}:${port}`,
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
    setDelay(next) {
      if (!delay) throw new Error('setDelay: start the proxy with `delayMs` (connections are plain pipes otherwise)');
      delay = { ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        drop(() => true);
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes what one side sent to `to`, each item held `delayMs()` after it was
 * read, in the order read (an item never overtakes an earlier one, even when
 * the delay shrinks): chunks, then `end` (half-close) and `close` (the sender
 * is gone: `onClose` tears the pair down). No backpressure: the suites that
 * delay move a few kilobytes.
 */
function delayedForward(to: Socket, delayMs: () => number, onClose: () => void): (item: Buffer | 'end' | 'close') => void {
  const queue: { due: number; item: Buffer | 'end' | 'close' }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deliver = (item: Buffer | 'end' | 'close') => {
    if (item === 'close') onClose();
    else if (to.destroyed) return;
    else if (item === 'end') to.end();
    else to.write(item);
  };
  const flush = () => {
    timer = undefined;
    const now = Date.now();
    while (queue.length > 0 && queue[0]!.due <= now) deliver(queue.shift()!.item);
    if (queue.length > 0) timer = setTimeout(flush, queue[0]!.due - now);
  };
  to.once('close', () => {
    clearTimeout(timer);
    queue.length = 0;
  });
  return (item) => {
    const now = Date.now();
    const due = Math.max(now + delayMs(), queue.at(-1)?.due ?? 0);
    if (due <= now && queue.length === 0) {
      deliver(item);
      return;
    }
    queue.push({ due, item });
    timer ??= setTimeout(flush, due - now);
  };
}
