import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenForMessages, type MessageHandler, messageListeners } from './message-handlers';

/** A real Socket.io server and client: the gateway's contract with stations, without Nest. */
describe('messageListeners on a socket', () => {
  let http: HttpServer;
  let server: Server;
  let client: ClientSocket;
  let seen: unknown[];
  let errors: { event: string; message: string; socketId: string }[];
  let release: () => void;

  const handlers = new Map<string, MessageHandler<Socket>>([
    ['echo', async (_socket, payload) => ({ got: payload })],
    ['silent', async (_socket, payload) => void seen.push(payload)],
    ['boom', async () => Promise.reject(new Error('handler broke'))],
    ['slow', (_socket, payload) => new Promise((resolve) => (release = () => resolve({ late: payload })))],
  ]);

  beforeEach(async () => {
    seen = [];
    errors = [];
    http = createServer();
    server = new Server(http);
    const listeners = messageListeners(handlers, (event, error, s) =>
      errors.push({ event, message: (error as Error).message, socketId: s.id }),
    );
    server.on('connection', (socket) => listenForMessages(socket, listeners));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  });
  afterEach(async () => {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers the ack with the handler result, one payload as is and several as an array', async () => {
    expect(await client.timeout(2000).emitWithAck('echo', { a: 1 })).toEqual({ got: { a: 1 } });
    expect(await client.timeout(2000).emitWithAck('echo', 1, 'two')).toEqual({ got: [1, 'two'] });
    // Only an ack: no payload, and the answer still comes back (a handler answers invalid_payload to that).
    expect(await client.timeout(2000).emitWithAck('echo')).toEqual({ got: undefined });
  });

  it('sends no ack for a nil answer, runs handlers without an ack, ignores unknown events', async () => {
    await expect(client.timeout(300).emitWithAck('silent', 'x')).rejects.toThrow(/timed out/);
    client.emit('silent', 'no ack');
    client.emit('nobody-listens', 'y');
    await expect.poll(() => seen).toEqual(['x', 'no ack']);
  });

  it('reports a rejecting handler with its socket and keeps the socket up', async () => {
    client.emit('boom', {});
    await expect.poll(() => errors).toEqual([{ event: 'boom', message: 'handler broke', socketId: expect.any(String) }]);
    expect(errors[0]!.socketId).toBe([...server.sockets.sockets.keys()][0]);
    expect(await client.timeout(2000).emitWithAck('echo', 'still here')).toEqual({ got: 'still here' });
  });

  it('drops an answer that is ready after the socket disconnected', async () => {
    const [socket] = [...server.sockets.sockets.values()] as [Socket];
    const acked: unknown[] = [];
    // Socket.io makes the ack function per packet (its private `ack(id)`): count the calls to it.
    const internals = socket as unknown as { ack: (id: number) => (...args: unknown[]) => void };
    const makeAck = internals.ack.bind(socket);
    internals.ack = (id) => {
      const ack = makeAck(id);
      return (...args) => (acked.push(args[0]), ack(...args));
    };
    client.emit('slow', 'p', () => undefined);
    await expect.poll(() => typeof release).toBe('function');
    socket.disconnect(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acked).toEqual([]);
  });
});

/** Fair use answers a flood in a packet middleware: no handler may run before the socket's middlewares have seen the packet. */
describe('messageListeners and packet middlewares', () => {
  it('runs a handler only for the packets the middlewares let through', async () => {
    const http = createServer();
    const server = new Server(http);
    const ran: unknown[] = [];
    const listeners = messageListeners(
      new Map<string, MessageHandler<Socket>>([['work', async (_s, payload) => (ran.push(payload), { ok: payload })]]),
      () => undefined,
    );
    server.on('connection', (socket) => {
      socket.use((packet, next) => (packet[1] === 'refused' ? (packet.at(-1) as (a: unknown) => void)({ refused: true }) : next()));
      listenForMessages(socket, listeners);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
    try {
      expect(await client.timeout(2000).emitWithAck('work', 'refused')).toEqual({ refused: true });
      expect(await client.timeout(2000).emitWithAck('work', 'admitted')).toEqual({ ok: 'admitted' });
      expect(ran).toEqual(['admitted']);
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
