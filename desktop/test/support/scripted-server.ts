import { createServer, type Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';

/**
 * A minimal stand-in for the Plantão server that sends what the real one
 * never would (malformed payloads, another hospital's alert), to prove the
 * station drops them and keeps working. Everything else is tested against the
 * real server.
 */
export interface ScriptedServer {
  url: string;
  /** Refresh calls received on `/api/auth/refresh`. */
  refreshes(): number;
  /** Handshakes seen (auth payloads), accepted or not. */
  handshakes: Array<Record<string, unknown>>;
  io: Server;
  sockets(): Socket[];
  /** Answers to `sync`, per call. */
  syncAnswers: unknown[][];
  /** Every `alert_delivered` request's ids, in order (issue #9). */
  delivered: string[][];
  /** The answer to each `alert_delivered` (default `{ status: 'ok' }`); `undefined` leaves it unanswered. */
  answerDelivered: (alertIds: string[]) => unknown;
  close(): Promise<void>;
}

let issued = 0;
const unsignedToken = (ttlSeconds: number) => {
  const iat = Math.floor(Date.now() / 1000);
  const claims = { sub: 'nurse-1', tenantId: 't1', role: 'nurse', iat, exp: iat + ttlSeconds, jti: String(++issued) };
  return `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
};

export async function startScriptedServer(
  onConnection: (socket: Socket) => void,
  /** Decide each handshake: an Error refuses it with that message. */
  handshake: (attempt: number) => Error | undefined = () => undefined,
): Promise<ScriptedServer> {
  let refreshCount = 0;
  const http: HttpServer = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'POST' && request.url === '/api/auth/login') {
      send(200, {
        accessToken: unsignedToken(900),
        refreshToken: 'r0',
        user: { id: 'nurse-1', name: 'Nurse', tenantId: 't1', role: 'nurse' },
      });
    } else if (request.method === 'POST' && request.url === '/api/auth/refresh') {
      refreshCount += 1;
      send(200, { accessToken: unsignedToken(900), refreshToken: `r${refreshCount}` });
    } else {
      send(404, { statusCode: 404, error: 'Not Found', message: 'no' });
    }
  });
  const io = new Server(http);
  const syncAnswers: unknown[][] = [];
  const delivered: string[][] = [];
  const namespace = io.of('/alerts');
  const handshakes: Array<Record<string, unknown>> = [];
  namespace.use((socket, next) => {
    handshakes.push({ ...(socket.handshake.auth as Record<string, unknown>) });
    next(handshake(handshakes.length));
  });
  namespace.on('connection', (socket) => {
    socket.on('sync', (_payload: unknown, ack: (answer: unknown) => void) => ack({ status: 'ok', alerts: syncAnswers.shift() ?? [] }));
    socket.on('refresh_token', (_payload: unknown, ack: (answer: unknown) => void) => ack({ status: 'ok', exp: 0 }));
    socket.on('alert_delivered', (payload: { alertIds: string[] }, ack: (answer: unknown) => void) => {
      delivered.push(payload.alertIds);
      const answer = handle.answerDelivered(payload.alertIds);
      if (answer !== undefined) ack(answer);
    });
    onConnection(socket);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const handle: ScriptedServer = {
    url: `http://127.0.0.1:${port}`,
    io,
    syncAnswers,
    delivered,
    answerDelivered: () => ({ status: 'ok' }),
    handshakes,
    refreshes: () => refreshCount,
    sockets: () => [...namespace.sockets.values()],
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
  return handle;
}
