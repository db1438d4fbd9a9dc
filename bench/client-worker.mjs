// One client process of the bench: opens its share of Socket.io connections,
// records, for every `critical_alert` it receives, the time from the POST
// being sent (metadata.sentAt, written by the poster) to this handler
// running, and answers the orchestrator's requests over IPC.
//
// Started by bench/run.mjs with child_process.fork; exits when told to, when
// the orchestrator goes away (IPC disconnect), or after MAX_LIFETIME_MS.
import { io } from 'socket.io-client';
import { clockOffset, hrNow } from './lib/stats.mjs';

const MAX_LIFETIME_MS = Number(process.env.BENCH_WORKER_MAX_MS ?? 20 * 60_000);
setTimeout(() => process.exit(3), MAX_LIFETIME_MS).unref();
process.on('disconnect', () => process.exit(0));

/** @type {{ socket: import('socket.io-client').Socket, tenantId: string, seen: Set<string> }[]} */
const clients = [];
/** phase -> { latencies: number[], count, duplicates, first, last } */
const phases = new Map();
let otherEvents = 0;
let unexpectedDisconnects = 0;
const disconnectReasons = {};
let closing = false;
let sampleSize;

function phaseRecord(name) {
  let rec = phases.get(name);
  if (!rec) {
    rec = { latencies: [], count: 0, duplicates: 0, first: Infinity, last: 0 };
    phases.set(name, rec);
  }
  return rec;
}

function onAlert(client, payload) {
  const now = hrNow();
  const meta = payload?.metadata;
  if (!meta || typeof meta.sentAt !== 'number') return;
  const rec = phaseRecord(meta.phase);
  const key = `${meta.phase}:${meta.n}`;
  if (client.seen.has(key)) {
    rec.duplicates++;
    return;
  }
  client.seen.add(key);
  rec.count++;
  rec.latencies.push(now - meta.sentAt);
  if (now < rec.first) rec.first = now;
  if (now > rec.last) rec.last = now;
  sampleSize ??= Buffer.byteLength(JSON.stringify(payload));
}

function open(url, { tenantId, auth }, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(url, {
      auth,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false, // a dropped socket stays dropped and shows up as missing deliveries
      timeout: timeoutMs,
    });
    const client = { socket, tenantId, seen: new Set() };
    socket.on('critical_alert', (payload) => onAlert(client, payload));
    socket.onAny((event) => {
      if (event !== 'critical_alert') otherEvents++;
    });
    socket.once('connect', () => {
      // The TCP socket under the WebSocket; its byte counter survives a disconnect.
      client.tcp = socket.io.engine?.transport?.ws?._socket;
      socket.on('disconnect', (reason) => {
        if (closing) return;
        unexpectedDisconnects++;
        disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
      });
      clients.push(client);
      resolve({ ok: true });
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve({ ok: false, error: error.message });
    });
  });
}

/** Raw bytes this process has read from its WebSockets' TCP connections (WebSocket framing included). */
function bytesRead() {
  let total = 0;
  for (const { tcp } of clients) total += tcp?.bytesRead ?? 0;
  return total;
}

const handlers = {
  // Each spec may name its own `url` (P5: stations spread over several instances); `url` is the default.
  async connect({ url, clients: list, concurrency, timeoutMs }) {
    const started = hrNow();
    const errors = {};
    let failed = 0;
    let next = 0;
    const perTenant = {};
    // `concurrency` handshakes in flight at a time; each loop ends when the list does.
    await Promise.all(
      Array.from({ length: Math.min(concurrency, list.length) }, async () => {
        while (next < list.length) {
          const spec = list[next++];
          const result = await open(spec.url ?? url, spec, timeoutMs);
          if (result.ok) perTenant[spec.tenantId] = (perTenant[spec.tenantId] ?? 0) + 1;
          else {
            failed++;
            errors[result.error] = (errors[result.error] ?? 0) + 1;
          }
        }
      }),
    );
    return { connected: clients.length, failed, errors, perTenant, seconds: (hrNow() - started) / 1000 };
  },
  progress() {
    const counts = {};
    for (const [name, rec] of phases) counts[name] = rec.count;
    return { counts, unexpectedDisconnects };
  },
  collect({ phase }) {
    const rec = phases.get(phase) ?? phaseRecord(phase);
    return {
      latencies: rec.latencies.map((v) => Math.round(v * 1000) / 1000),
      count: rec.count,
      duplicates: rec.duplicates,
      first: Number.isFinite(rec.first) ? rec.first : undefined,
      last: rec.last || undefined,
      payloadBytes: sampleSize,
    };
  },
  stats() {
    return {
      bytesRead: bytesRead(),
      otherEvents,
      unexpectedDisconnects,
      disconnectReasons,
      connected: clients.filter((c) => c.socket.connected).length,
    };
  },
  clock() {
    // How far this process's high-resolution epoch is from its wall clock.
    return { offset: clockOffset() };
  },
  async close() {
    closing = true;
    for (const { socket } of clients) socket.close();
    return { closed: clients.length, unexpectedDisconnects, disconnectReasons };
  },
};

process.on('message', async (message) => {
  const { id, cmd, args } = message ?? {};
  const handler = handlers[cmd];
  try {
    if (!handler) throw new Error(`unknown command ${cmd}`);
    const result = await handler(args ?? {});
    process.send?.({ id, ok: true, result });
    if (cmd === 'close') setTimeout(() => process.exit(0), 200);
  } catch (error) {
    process.send?.({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

process.send?.({ ready: true });
