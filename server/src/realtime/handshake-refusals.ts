import type { Logger } from '@nestjs/common';
import { HandshakeAuthSchema, HandshakeError } from '@plantao/shared';
import type { StationSocket } from '../broadcast/alerts-namespace';
import { LogSampler } from '../logging/log-sampler';
import { type Metrics, type REFUSED_HANDSHAKE_REASONS } from '../metrics/metrics.service';
import { clientAddress } from './address-connection-limit';

type Middleware = (socket: StationSocket, next: (error?: Error) => void) => void;
type Reason = (typeof REFUSED_HANDSHAKE_REASONS)[number];

/**
 * Wraps the handshake's auth middleware so every refusal is counted
 * (`plantao_socket_handshakes_refused_total{reason}`) and logged as a warning
 * with the reason and the client's address, never the token. Lines are
 * sampled per address and reason (LogSampler): one client retrying in a
 * loop writes a line every few seconds, not a thousand a second.
 */
export function reportHandshakeRefusals(
  middleware: Middleware,
  metrics: Metrics,
  logger: Pick<Logger, 'warn'>,
  clientAddressHeader?: string,
): Middleware {
  const sampler = new LogSampler();
  return (socket, next) =>
    middleware(socket, (error) => {
      if (error) {
        const reason = refusalReason(socket, error);
        const address = clientAddress(socket.request, clientAddressHeader);
        metrics.refusedHandshakes.inc({ reason });
        const line = sampler.admit(`${address}|${reason}`);
        if (line) logger.warn({ reason, address, heldBack: line.heldBack }, 'socket handshake refused');
      }
      next(error);
    });
}

/** The contract's refusal (`unauthorized`, `token_expired`), with "no or malformed auth at all" told apart from a bad token. */
function refusalReason(socket: StationSocket, error: Error): Reason {
  if (error.message === HandshakeError.TokenExpired) return 'token_expired';
  return HandshakeAuthSchema.safeParse(socket.handshake.auth).success ? 'unauthorized' : 'invalid_auth';
}
