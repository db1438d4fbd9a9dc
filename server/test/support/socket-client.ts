import { ALERTS_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@plantao/shared';
import { io, type Socket } from 'socket.io-client';

export type StationSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  auth: Record<string, unknown> | ((cb: (data: object) => void) => void);
  reconnection?: boolean;
  /** Runs before connecting: register listeners here to catch events sent right at connect (replay). */
  before?: (socket: StationSocket) => void;
}

/**
 * Opens a real socket.io-client to `/alerts`. Resolves on `connect`; rejects
 * with the server's `connect_error` message (`unauthorized`, `token_expired`).
 */
export function connectStation(url: string, options: ConnectOptions): Promise<StationSocket> {
  const socket: StationSocket = io(url + ALERTS_NAMESPACE, {
    auth: options.auth,
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    forceNew: true,
    autoConnect: false,
  });
  options.before?.(socket);
  socket.connect();
  return new Promise((done, fail) => {
    socket.once('connect', () => done(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      fail(error);
    });
  });
}

/** Records every payload of an event from the moment of the call. */
export function record<E extends keyof ServerToClientEvents>(socket: StationSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Polls until the condition holds (bounded): for asserting on asynchronous deliveries. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lets in-flight deliveries land before asserting that something did NOT arrive. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Emits with an ack and resolves with the answer. */
export function request<E extends keyof ClientToServerEvents>(
  socket: StationSocket,
  event: E,
  payload: unknown,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((done) => {
    (socket.emit as (e: string, p: unknown, ack: (a: never) => void) => void)(event, payload, done);
  });
}

/**
 * Stations a suite opens against one server, all closed together in afterAll.
 * `baseUrl` is read at open time (the server starts in beforeAll).
 */
export function stationPool(baseUrl: () => string) {
  const sockets: StationSocket[] = [];
  return {
    open: async (auth: ConnectOptions['auth']): Promise<StationSocket> => {
      const socket = await connectStation(baseUrl(), { auth });
      sockets.push(socket);
      return socket;
    },
    closeAll: () => {
      for (const socket of sockets.splice(0)) socket.close();
    },
  };
}
