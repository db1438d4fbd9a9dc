import type { Logger } from '@nestjs/common';
import { HandshakeAuthSchema, HandshakeError } from '@plantao/shared';
import type { StationSocket, StationSocketData } from '../broadcast/alerts-namespace';
import type { TokenService } from '../auth/token.service';
import type { UserStatus } from '../auth/user-status';

/**
 * Whether the socket's user was disabled (issue #11). When the database
 * cannot answer, the socket is let in (logged): its token is verified, and
 * it joins its user room at connect, so a disable (which needs the database
 * to commit) still drops it through `Broadcaster.disconnectUser`. Refusing
 * instead would make every station re-authenticate during a database outage.
 */
export async function disabledNow(status: UserStatus, data: StationSocketData, logger: Pick<Logger, 'warn'>): Promise<boolean> {
  try {
    return await status.isDisabled(data.tenantId, data.userId);
  } catch (err) {
    logger.warn(
      { tenantId: data.tenantId, userId: data.userId, err },
      'could not check whether the user is disabled; letting the socket in',
    );
    return false;
  }
}

/**
 * Runs before Socket.io accepts a connection (a Nest guard on a gateway would
 * not cover `handleConnection`). Tenant and user come only from the verified
 * token; anything else the client puts in `auth` is stripped by the schema.
 * A disabled user is refused as `unauthorized`: the station then tries to
 * refresh, is refused with `account_disabled`, and asks for a new sign-in.
 */
export function socketAuthMiddleware(tokens: TokenService, status: UserStatus, logger: Pick<Logger, 'warn'>) {
  return (socket: StationSocket, next: (error?: Error) => void): void => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error(HandshakeError.Unauthorized));
    tokens
      .verifyAccessToken(auth.data.token)
      .then(async (result) => {
        if (!result.ok)
          return next(new Error(result.reason === 'token_expired' ? HandshakeError.TokenExpired : HandshakeError.Unauthorized));
        const { sub, tenantId, role, name, exp } = result.claims;
        const data: StationSocketData = { userId: sub, tenantId, role, exp, ...(name ? { name } : {}) };
        if (auth.data.lastSeq !== undefined) data.lastSeq = auth.data.lastSeq;
        if (auth.data.station) data.station = auth.data.station;
        if (await disabledNow(status, data, logger)) return next(new Error(HandshakeError.Unauthorized));
        socket.data = data;
        next();
      })
      .catch(() => next(new Error(HandshakeError.Unauthorized)));
  };
}
