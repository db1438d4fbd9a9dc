import { HandshakeAuthSchema, HandshakeError } from '@plantao/shared';
import type { StationSocket, StationSocketData } from '../broadcast/alerts-namespace';
import type { TokenService } from '../auth/token.service';

/**
 * Runs before Socket.io accepts a connection (a Nest guard on a gateway would
 * not cover `handleConnection`). Tenant and user come only from the verified
 * token; anything else the client puts in `auth` is stripped by the schema.
 */
export function socketAuthMiddleware(tokens: TokenService) {
  return (socket: StationSocket, next: (error?: Error) => void): void => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error(HandshakeError.Unauthorized));
    tokens
      .verifyAccessToken(auth.data.token)
      .then((result) => {
        if (!result.ok)
          return next(new Error(result.reason === 'token_expired' ? HandshakeError.TokenExpired : HandshakeError.Unauthorized));
        const { sub, tenantId, role, name, exp } = result.claims;
        const data: StationSocketData = { userId: sub, tenantId, role, exp, ...(name ? { name } : {}) };
        if (auth.data.lastSeq !== undefined) data.lastSeq = auth.data.lastSeq;
        socket.data = data;
        next();
      })
      .catch(() => next(new Error(HandshakeError.Unauthorized)));
  };
}
