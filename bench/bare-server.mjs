// The baseline: a bare Socket.io server doing the same room broadcasts as
// Plantão with no auth, no validation and no storage. Same socket.io package
// (resolved from server/, as Plantão does), same namespace, ping settings,
// buffer limit and compression setting.
//
//   POST /api/alerts   header x-bench-tenant: <id>, JSON body
//                      -> emits `critical_alert` to room tenant:<id> with the
//                         body plus the fields a stored alert has (id, seq,
//                         tenantId, timestamp, readBy), answers 201 with it.
//   GET  /health       -> 200
//   socket /alerts     handshake auth { tenant } joins room tenant:<tenant>
//
// Started by bench/run.mjs with fork(); reports its port over IPC, exits on
// SIGTERM, when the orchestrator goes away, or after BENCH_MAX_MS.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../server/package.json', import.meta.url));
const { Server } = require('socket.io');

const env = process.env;
const threshold = env.SOCKET_COMPRESSION_THRESHOLD_BYTES === undefined ? undefined : Number(env.SOCKET_COMPRESSION_THRESHOLD_BYTES);
const BODY_LIMIT = 256 * 1024;
setTimeout(() => process.exit(3), Number(env.BENCH_MAX_MS ?? 20 * 60_000)).unref();

const seq = new Map();
let nsp;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) reject(Object.assign(new Error('body too large'), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const http = createServer(async (req, res) => {
  const reply = (status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  try {
    if (req.method === 'GET' && req.url === '/health') return reply(200, { status: 'ok' });
    if (req.method !== 'POST' || req.url !== '/api/alerts') return reply(404, { statusCode: 404, message: 'not found' });
    const tenantId = String(req.headers['x-bench-tenant'] ?? '');
    const body = JSON.parse(await readBody(req));
    const n = (seq.get(tenantId) ?? 0) + 1;
    seq.set(tenantId, n);
    const alert = { id: randomUUID(), seq: n, tenantId, ...body, timestamp: new Date().toISOString(), readBy: [] };
    nsp.to(`tenant:${tenantId}`).emit('critical_alert', alert);
    reply(201, alert);
  } catch (error) {
    reply(error.status ?? 400, { statusCode: error.status ?? 400, message: error.message });
  }
});

const io = new Server(http, {
  pingInterval: Number(env.SOCKET_PING_INTERVAL_MS ?? 5000),
  pingTimeout: Number(env.SOCKET_PING_TIMEOUT_MS ?? 3000),
  cors: { origin: true, credentials: true },
  maxHttpBufferSize: 64 * 1024,
  // BENCH_NO_CONTEXT_TAKEOVER=true: ws honours `threshold` only without context takeover.
  perMessageDeflate:
    threshold === undefined ? false : { threshold, ...(env.BENCH_NO_CONTEXT_TAKEOVER === 'true' ? { serverNoContextTakeover: true } : {}) },
});
nsp = io.of('/alerts');
nsp.on('connection', (socket) => {
  socket.join(`tenant:${String(socket.handshake.auth?.tenant ?? '')}`);
});

const stop = () => {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.on('disconnect', stop);

// BENCH_PORT: a fixed port, so bench/reconnect-storm.mjs can restart it where its clients reconnect (default: any free port).
http.listen(Number(env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  const { port } = http.address();
  process.send?.({ listening: true, port, socketIoVersion: require('socket.io/package.json').version });
});
