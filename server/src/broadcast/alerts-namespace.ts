import type { ClientToServerEvents, ServerToClientEvents, SocketData, StationIdentity } from '@plantao/shared';
import type { Namespace, Socket } from 'socket.io';

/** Instances exchange no events of their own: the Redis adapter carries the broadcasts. */
export type InterServerEvents = Record<string, never>;

/**
 * `socket.data` of a station socket: the verified token's claims, plus the
 * `lastSeq` the station asked to resume after (handshake only), and what a
 * station said about itself (`auth.station`: receipts and presence, issue #9).
 */
export type StationSocketData = SocketData & { lastSeq?: number; station?: StationIdentity };

/** The `/alerts` namespace, typed with the shared event maps (socket.io's `Server<…>` pattern). */
export type AlertsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, StationSocketData>;

/** One station's socket on `/alerts`. */
export type StationSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, StationSocketData>;
