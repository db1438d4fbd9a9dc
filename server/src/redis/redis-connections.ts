import { Logger } from '@nestjs/common';
import { createClient } from 'redis';

function createClients(url: string) {
  const pub = createClient({ url });
  return { pub, sub: pub.duplicate() };
}
type Clients = ReturnType<typeof createClients>;

/** The publish/subscribe pair the Socket.io Redis adapter needs. */
export class RedisConnections {
  private readonly logger = new Logger('Redis');

  private constructor(
    readonly pub: Clients['pub'],
    readonly sub: Clients['sub'],
  ) {
    const warn = (err: unknown) => this.logger.warn({ err }, 'redis connection error');
    pub.on('error', warn);
    sub.on('error', warn);
  }

  static async connect(url: string): Promise<RedisConnections> {
    const { pub, sub } = createClients(url);
    const connections = new RedisConnections(pub, sub);
    await Promise.all([pub.connect(), sub.connect()]);
    return connections;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.pub.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
