// One client process of bench/memory.mjs and bench/reconnect-storm.mjs: holds
// many station sockets (a process of Node holds a few thousand; the fleet is
// spread over several) and answers the orchestrator over IPC (bench/lib/fleet.mjs).
//
// Two kinds of client:
// - `idle`: connects once (WebSocket only, no reconnection) and holds the
//   socket; a drop is counted, never repaired. For the memory axis.
// - `station`: what the desktop station does on its link (desktop/src/core/
//   connection.ts, backoff.ts, backlog-sync.ts, delivery-receipts.ts), for the
//   reconnect storm: Socket.io's reconnection with the station's numbers
//   (1 s doubling to 30 s, jitter 0.5, unlimited attempts), WebSocket first
//   with long-polling fallback, `auth` computed at every (re)connect with the
//   `lastSeq` it holds; after each connect one `sync` after that `lastSeq`
//   (paged), and delivery receipts (`alert_delivered`, 200 ms debounce) for
//   every alert it takes in. Against the bare server (`protocol: 'bare'`) only
//   the reconnection, with the same numbers.
//
// Math.random is replaced by a seeded generator (BENCH_FLEET_SEED): the
// jitter of every reconnection is then the same draw for both servers.
//
// Exits when told to, when the orchestrator goes away, or after BENCH_FLEET_MAX_MS.
import { io } from 'socket.io-client';

setTimeout(() => process.exit(3), Number(process.env.BENCH_FLEET_MAX_MS ?? 20 * 60_000)).unref();
process.on('disconnect', () => process.exit(0));

/** mulberry32: the same tiny PRNG as bench/lib/payload.mjs. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
if (process.env.BENCH_FLEET_SEED !== undefined) Math.random = prng(Number(process.env.BENCH_FLEET_SEED));

const now = () => performance.timeOrigin + performance.now();

/** The station's reconnection (desktop/src/core/backoff.ts DEFAULT_BACKOFF through socketReconnectionOptions). */
export const STATION_BACKOFF = { minMs: 1_000, maxMs: 30_000, jitter: 0.5, factor: 2 };
const SYNC_PAGE_SIZE = 1_000;
const RECEIPT_DEBOUNCE_MS = 200;

const clients = [];
let closing = false;

function backoffDelay(attempt) {
  const { minMs, maxMs, jitter, factor } = STATION_BACKOFF;
  const base = Math.min(maxMs, minMs * factor ** attempt);
  return Math.round(Math.min(maxMs, Math.max(0, base + (Math.random() * 2 - 1) * jitter * base)));
}

function createClient(url, spec, kind, protocol) {
  const client = {
    spec,
    socket: undefined,
    connects: 0,
    lastConnectAt: 0,
    drops: 0,
    reasons: {},
    /** seq -> when this station first held it. */
    held: new Map(),
    lastSeq: spec.lastSeq ?? 0,
    duplicates: 0,
    syncs: 0,
    syncErrors: 0,
    pendingReceipts: new Set(),
    receiptTimer: undefined,
    receiptsSent: 0,
    receiptErrors: 0,
    refusals: 0,
    retryTimer: undefined,
  };
  const station = kind === 'station';
  const plantao = protocol === 'plantao';
  const options = station
    ? {
        autoConnect: false,
        forceNew: true,
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
        timeout: 10_000,
        reconnection: true,
        reconnectionAttempts: Infinity,
        reconnectionDelay: STATION_BACKOFF.minMs,
        reconnectionDelayMax: STATION_BACKOFF.maxMs,
        randomizationFactor: STATION_BACKOFF.jitter,
        auth: (cb) => cb(plantao ? { ...spec.auth, lastSeq: client.lastSeq } : spec.auth),
      }
    : { autoConnect: false, forceNew: true, transports: ['websocket'], reconnection: false, timeout: 20_000, auth: spec.auth };
  const socket = io(url, options);
  client.socket = socket;

  const take = (alert, via) => {
    if (!alert || typeof alert.seq !== 'number') return;
    if (client.held.has(alert.seq)) {
      client.duplicates++;
      return;
    }
    client.held.set(alert.seq, now());
    while (client.held.has(client.lastSeq + 1)) client.lastSeq++;
    if (plantao && station && via !== 'none') {
      client.pendingReceipts.add(alert.id);
      client.receiptTimer ??= setTimeout(() => sendReceipts(client), RECEIPT_DEBOUNCE_MS);
    }
  };
  socket.on('critical_alert', (alert) => take(alert, 'live'));
  socket.on('connect', () => {
    client.connects++;
    client.lastConnectAt = now();
    client.refusals = 0;
    clearTimeout(client.retryTimer);
    if (station && plantao) {
      void catchUp(client, take);
      if (client.pendingReceipts.size > 0) client.receiptTimer ??= setTimeout(() => sendReceipts(client), RECEIPT_DEBOUNCE_MS);
    }
  });
  socket.on('disconnect', (reason) => {
    if (closing) return;
    client.drops++;
    client.reasons[reason] = (client.reasons[reason] ?? 0) + 1;
    // "io server disconnect": Socket.io does not retry by itself; the station does, with its backoff.
    if (station && !socket.active) client.retryTimer = setTimeout(() => socket.connect(), backoffDelay(0));
  });
  socket.on('connect_error', (error) => {
    client.lastError = error.message;
    // A refused handshake (not a transport failure): the station retries it itself (first at once, then backing off).
    if (station && !socket.active && !closing) {
      const delay = client.refusals++ === 0 ? 0 : backoffDelay(client.refusals - 1);
      client.retryTimer = setTimeout(() => socket.connect(), delay);
    }
  });
  return client;
}

/** backlog-sync.ts `catchUp`: read what the server stored after `lastSeq`, page by page. */
async function catchUp(client, take) {
  let cursor = client.lastSeq;
  for (let page = 0; page < 100; page++) {
    let answer;
    try {
      answer = await client.socket.timeout(10_000).emitWithAck('sync', { afterSeq: cursor });
    } catch {
      client.syncErrors++;
      return;
    }
    client.syncs++;
    if (answer?.status !== 'ok') {
      client.syncErrors++;
      return;
    }
    for (const alert of answer.alerts) take(alert, 'sync');
    const last = answer.alerts.at(-1)?.seq;
    if (answer.alerts.length < SYNC_PAGE_SIZE || last === undefined || last <= cursor) return;
    cursor = last;
  }
}

/** delivery-receipts.ts: ids collected for 200 ms, sent in batches of at most one sync page; unconfirmed ones go again. */
async function sendReceipts(client) {
  client.receiptTimer = undefined;
  if (!client.socket.connected || client.pendingReceipts.size === 0) return;
  const ids = [...client.pendingReceipts].slice(0, SYNC_PAGE_SIZE);
  try {
    const answer = await client.socket.timeout(10_000).emitWithAck('alert_delivered', { alertIds: ids });
    if (answer?.status === 'ok') {
      for (const id of ids) client.pendingReceipts.delete(id);
      client.receiptsSent += ids.length;
    } else client.receiptErrors++;
  } catch {
    client.receiptErrors++;
  }
  if (client.pendingReceipts.size > 0 && client.socket.connected) client.receiptTimer ??= setTimeout(() => sendReceipts(client), 1_000);
}

function openOne(url, spec, kind, protocol, timeoutMs) {
  return new Promise((resolve) => {
    const client = createClient(url, spec, kind, protocol);
    clients.push(client);
    const timer = setTimeout(() => done({ ok: false, error: client.lastError ?? 'connect timeout' }), timeoutMs);
    const done = (result) => {
      clearTimeout(timer);
      client.socket.off('connect', onConnect);
      client.socket.off('connect_error', onError);
      resolve(result);
    };
    const onConnect = () => done({ ok: true });
    const onError = (error) => {
      // A station keeps retrying a transport failure; an idle client gives up at the first error.
      if (kind !== 'station') done({ ok: false, error: error.message });
    };
    client.socket.on('connect', onConnect);
    client.socket.on('connect_error', onError);
    client.socket.connect();
  });
}

/** Seconds-resolution summary of a list of times (ms), relative to `origin`. */
function spread(times, origin) {
  if (times.length === 0) return undefined;
  const sorted = times.map((t) => t - origin).sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1) };
}

const handlers = {
  async open({ url, specs, kind, protocol, concurrency, timeoutMs }) {
    const started = now();
    let next = 0;
    let failed = 0;
    const errors = {};
    await Promise.all(
      Array.from({ length: Math.min(concurrency, specs.length) }, async () => {
        while (next < specs.length) {
          const result = await openOne(url, specs[next++], kind, protocol, timeoutMs);
          if (!result.ok) {
            failed++;
            errors[result.error] = (errors[result.error] ?? 0) + 1;
          }
        }
      }),
    );
    return { opened: specs.length - failed, failed, errors, seconds: (now() - started) / 1000 };
  },

  /**
   * Where the fleet stands. `targets` (tenantId -> highest seq stored): a
   * station is complete when it is connected and holds every seq up to its
   * tenant's target; its `readyAt` is then the later of its last connect and
   * its last needed arrival. `since`: only connects after it count (the storm's restart).
   */
  status({ targets, since = 0, origin = 0, raw = false }) {
    let connected = 0;
    let complete = 0;
    let reconnected = 0;
    let drops = 0;
    let duplicates = 0;
    let syncs = 0;
    let syncErrors = 0;
    let receiptsSent = 0;
    let receiptErrors = 0;
    const reasons = {};
    const readyTimes = [];
    const connectTimes = [];
    for (const c of clients) {
      drops += c.drops;
      duplicates += c.duplicates;
      syncs += c.syncs;
      syncErrors += c.syncErrors;
      receiptsSent += c.receiptsSent;
      receiptErrors += c.receiptErrors;
      for (const [r, n] of Object.entries(c.reasons)) reasons[r] = (reasons[r] ?? 0) + n;
      if (!c.socket.connected) continue;
      connected++;
      if (c.lastConnectAt < since) continue;
      reconnected++;
      connectTimes.push(c.lastConnectAt);
      const target = targets?.[c.spec.tenantId] ?? 0;
      if (c.lastSeq < target) continue;
      let last = c.lastConnectAt;
      for (let s = 1; s <= target; s++) last = Math.max(last, c.held.get(s));
      complete++;
      readyTimes.push(last);
    }
    return {
      clients: clients.length,
      connected,
      reconnected,
      complete,
      drops,
      reasons,
      duplicates,
      syncs,
      syncErrors,
      receiptsSent,
      receiptErrors,
      lastReadyAt: readyTimes.length ? Math.max(...readyTimes) : undefined,
      lastConnectAt: connectTimes.length ? Math.max(...connectTimes) : undefined,
      ready: spread(readyTimes, origin),
      connect: spread(connectTimes, origin),
      ...(raw ? { readyRaw: readyTimes.map((t) => t - origin), connectRaw: connectTimes.map((t) => t - origin) } : {}),
    };
  },

  async close() {
    closing = true;
    for (const c of clients) {
      clearTimeout(c.retryTimer);
      clearTimeout(c.receiptTimer);
      c.socket.close();
    }
    return { closed: clients.length };
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
    process.send?.({ id, ok: false, error: error instanceof Error ? error.stack : String(error) });
  }
});

process.send?.({ ready: true });
