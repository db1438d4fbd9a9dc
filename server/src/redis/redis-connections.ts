import { Logger } from '@nestjs/common';
import type { createAdapter } from '@socket.io/redis-adapter';
import { guardPromises } from './guard-promises';
import { type StationResync, RedisOutageWatch } from './redis-outage-watch';

/** Reconnect quickly at first, then every 2 s at most, forever: an outage ends when Redis is back, not when we give up. */
export const redisReconnectDelay = (retries: number) => Math.min(100 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);

type Redis = typeof import('redis');
type SocketIoAdapter = ReturnType<typeof createAdapter>;

function createClients(createClient: Redis['createClient'], url: string) {
  const pub = createClient({
    url,
    // Offline, a command fails at once instead of waiting in an unbounded
    // queue: a publish during an outage is a known miss (stations replay it),
    // and `/health`'s ping answers immediately.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: redisReconnectDelay },
  });
  return { pub, sub: pub.duplicate() };
}
type Clients = ReturnType<typeof createClients>;

export interface RedisOptions {
  /** While the link is down, local stations are disconnected this often so they replay from the database (0: only at recovery). */
  outageResyncMs: number;
}

/**
 * The publish/subscribe pair the Socket.io Redis adapter needs, and what
 * keeps a Redis outage from costing an alert (issue #8): every client has an
 * error listener and reconnects forever; the adapter gets clients whose
 * publish and (un)subscribe calls cannot reject unhandled (it never awaits
 * them); and {@link RedisOutageWatch} tells stations to replay when
 * cross-instance delivery was uncertain.
 */
export class RedisConnections {
  private readonly logger = new Logger('Redis');
  private readonly watch: RedisOutageWatch;
  /** What the adapter is given: the same clients, with its fire-and-forget calls caught. */
  readonly adapterPub: Clients['pub'];
  readonly adapterSub: Clients['sub'];
  /** The Socket.io Redis adapter over {@link adapterPub} and {@link adapterSub}. */
  readonly socketIoAdapter: SocketIoAdapter;

  private constructor(
    readonly pub: Clients['pub'],
    readonly sub: Clients['sub'],
    options: RedisOptions,
    makeAdapter: typeof createAdapter,
  ) {
    this.watch = new RedisOutageWatch(() => pub.isReady && sub.isReady, options.outageResyncMs, this.logger);
    for (const [name, client] of [
      ['pub', pub],
      ['sub', sub],
    ] as const) {
      client.on('error', (err: unknown) => this.watch.linkError(name, err));
      client.on('reconnecting', () => this.watch.linkDown(name));
      client.on('end', () => this.watch.linkDown(name));
      client.on('ready', () => this.watch.linkReady());
    }
    this.adapterPub = guardPromises(pub, ['publish', 'sPublish'], (err) => this.watch.publishFailed(err));
    this.adapterSub = guardPromises(sub, ['subscribe', 'pSubscribe', 'sSubscribe', 'unsubscribe', 'pUnsubscribe', 'sUnsubscribe'], (err) =>
      this.logger.warn({ err }, 'redis subscription command failed (resubscribed on reconnect)'),
    );
    this.socketIoAdapter = makeAdapter(this.adapterPub, this.adapterSub);
  }

  static async connect(url: string, options: RedisOptions = { outageResyncMs: 0 }): Promise<RedisConnections> {
    // Loaded here, not at the top: a single instance without REDIS_URL never needs them, and they were an eighth of
    // its start-up (issue #13: a restart that answers sooner gets its stations back a backoff step sooner).
    const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
    const { pub, sub } = createClients(createClient, url);
    const connections = new RedisConnections(pub, sub, options, createAdapter);
    await Promise.all([pub.connect(), sub.connect()]);
    return connections;
  }

  /** Who disconnects stations when cross-instance delivery was uncertain (the Socket.io adapter wires it). */
  onResync(resync: StationResync): void {
    this.watch.attach(resync);
  }

  /** True while both clients are connected and no outage is being recovered from. */
  get linkUp(): boolean {
    return !this.watch.down;
  }

  /** PONG within `timeoutMs`; false at once when a client is not connected (no queue, no wait). */
  async ping(timeoutMs = 500): Promise<boolean> {
    if (!this.pub.isReady || !this.sub.isReady) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((done) => (timer = setTimeout(() => done(false), timeoutMs)));
    const pong = this.pub.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    try {
      return await Promise.race([pong, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.watch.close();
    // close() waits for pending replies; a client that is not connected would
    // never finish (or keep reconnecting): destroy it instead.
    await Promise.allSettled([this.pub, this.sub].map((client) => (client.isReady ? client.close() : client.destroy())));
  }
}
