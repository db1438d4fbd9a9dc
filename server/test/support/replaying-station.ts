import { ALERTS_NAMESPACE, type AlertPayload, type ServerToClientEvents } from '@plantao/shared';
import { io, type Socket } from 'socket.io-client';

/**
 * A station that behaves like the real one where delivery is concerned: it
 * reconnects after any disconnect, including a server-side one (Socket.io
 * does not retry those by itself), sends the highest `seq` it holds as
 * `lastSeq` in every handshake, and keeps alerts de-duplicated by id.
 */
export interface ReplayingStation {
  /** Every `critical_alert` payload as it arrived (duplicates included). */
  deliveries: AlertPayload[];
  /** How many times each alert id arrived. */
  countById: Map<string, number>;
  disconnects: string[];
  connects: number;
  readonly connected: boolean;
  close(): void;
}

export function replayingStation(url: string, token: string): Promise<ReplayingStation> {
  let lastSeq = 0;
  let closed = false;
  const socket: Socket<ServerToClientEvents> = io(url + ALERTS_NAMESPACE, {
    auth: (cb) => cb({ token, lastSeq }),
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  const station: ReplayingStation = {
    deliveries: [],
    countById: new Map(),
    disconnects: [],
    connects: 0,
    get connected() {
      return socket.connected;
    },
    close: () => {
      closed = true;
      socket.close();
    },
  };
  socket.on('critical_alert', (alert) => {
    station.deliveries.push(alert);
    station.countById.set(alert.id, (station.countById.get(alert.id) ?? 0) + 1);
    lastSeq = Math.max(lastSeq, alert.seq);
  });
  socket.on('disconnect', (reason) => {
    station.disconnects.push(reason);
    if (reason === 'io server disconnect' && !closed) setTimeout(() => !closed && socket.connect(), 100);
  });
  socket.on('connect', () => station.connects++);
  return new Promise((done, fail) => {
    socket.once('connect', () => done(station));
    socket.once('connect_error', (error) => {
      socket.close();
      fail(error);
    });
  });
}
