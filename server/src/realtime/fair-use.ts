import type { Logger } from '@nestjs/common';
import type { ClientEventName, ErrorAck } from '@plantao/shared';
import type { StationSocket } from '../broadcast/alerts-namespace';
import { type FairUseLimits, type Refusal, SocketFairUse } from './socket-fair-use';

const rateLimited = (refusal: Refusal): ErrorAck => ({ status: 'error', code: 'rate_limited', message: refusal.message });

/**
 * Fair use on `/alerts` (issue #8): the packet bucket is checked in a
 * per-socket middleware, before Nest builds anything for the packet, so a
 * flood is answered `rate_limited` for the price of a map lookup; the
 * in-flight cap wraps the handler itself (`run`), where its end is known.
 * A socket that persists is disconnected; the process and the other
 * sockets are not touched.
 */
export class FairUse {
  private readonly shares = new WeakMap<StationSocket, SocketFairUse>();

  constructor(
    private readonly limits: FairUseLimits,
    private readonly logger: Logger,
  ) {}

  /** Namespace middleware, after authentication: gives the socket its share and guards every packet it sends. */
  readonly middleware = (socket: StationSocket, next: (error?: Error) => void): void => {
    const share = new SocketFairUse(this.limits);
    this.shares.set(socket, share);
    socket.use((packet, nextPacket) => {
      const refusal = share.admit(String(packet[0]));
      if (!refusal) return nextPacket();
      // Dropped here (no nextPacket): no handler runs. The client still gets its answer.
      const ack: unknown = packet.at(-1);
      if (typeof ack === 'function' && socket.connected) (ack as (answer: ErrorAck) => void)(rateLimited(refusal));
      this.refused(socket, String(packet[0]), refusal);
    });
    next();
  };

  /** Runs a handler within the socket's in-flight cap; beyond it, answers `rate_limited` without running it. */
  async run<A>(socket: StationSocket, event: ClientEventName, work: () => Promise<A>): Promise<A | ErrorAck> {
    const share = this.shares.get(socket);
    if (!share) return work();
    const refusal = share.enter(event);
    if (refusal) {
      this.refused(socket, event, refusal);
      return rateLimited(refusal);
    }
    try {
      return await work();
    } finally {
      share.leave(event);
    }
  }

  /** Logs once per socket, not once per packet: logging a flood would be a flood of its own. */
  private refused(socket: StationSocket, event: string, refusal: Refusal): void {
    const data = socket.data;
    const context = { tenantId: data.tenantId, userId: data.userId, socketId: socket.id, event };
    if (refusal.disconnect) {
      if (!socket.connected) return;
      this.logger.warn({ ...context, reason: refusal.message }, 'socket kept flooding after rate_limited; disconnecting it');
      // At once: Socket.io stops decoding this connection's packets (the rest
      // of a burst already received costs nothing more), flushes the answers
      // written so far and the disconnect packet, then closes.
      socket.disconnect(true);
      return;
    }
    if (!this.warned.has(socket)) {
      this.warned.add(socket);
      this.logger.warn({ ...context, reason: refusal.message }, 'socket rate limited');
    }
  }

  private readonly warned = new WeakSet<StationSocket>();
}
