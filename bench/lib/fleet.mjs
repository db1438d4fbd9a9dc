// What bench/memory.mjs and bench/reconnect-storm.mjs share: the servers
// started so that their memory can be read after a full GC (fleet-mem-probe.cjs),
// restarted on the same port and database after `kill -9`, the tenants and
// nurses seeded, and the client processes (fleet-worker.mjs) that hold the
// stations' sockets.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PATIENT_COUNT, patientName } from './payload.mjs';
import { forkTracked, onCleanup, spawnTracked, stopChild, waitFor } from './processes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const requireServer = createRequire(join(root, 'server/package.json'));
// BENCH_SERVER_MAIN: another build of the server (e.g. a checkout of an older commit) to compare against.
const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ?? join(root, 'server/dist/main.js');
const PROBE = fileURLToPath(new URL('./fleet-mem-probe.cjs', import.meta.url));
const WORKER = fileURLToPath(new URL('./fleet-worker.mjs', import.meta.url));
const PASSWORD = 'bench-password-not-a-secret';
export const PING = { intervalMs: 5000, timeoutMs: 3000 };

/** A temp directory removed at the end. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function getJson(url, init) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Polls GET /health every `everyMs` until 200; returns when it answered (performance.now clock, ms). */
export async function waitHealthy(url, child, { timeoutMs = 60_000, everyMs = 20, logFile } = {}) {
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited (${child.exitCode ?? child.signalCode})${logFile ? `:\n${tail(logFile)}` : ''}`);
      return (await getJson(`${url}/health`).catch(() => ({ status: 0 }))).status === 200;
    },
    { timeoutMs, everyMs, what: `${url}/health` },
  );
}

/**
 * The Plantão server (server/dist/main.js) with the memory probe preloaded.
 * `start()` can be called again after `kill()`: same port, database and
 * JWT secret, as a supervisor restarting it would.
 */
export function plantaoServer({ dir, port, databaseUrl, extraEnv = {}, memDir, cpuProf }) {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    SOCKET_PING_INTERVAL_MS: String(PING.intervalMs),
    SOCKET_PING_TIMEOUT_MS: String(PING.timeoutMs),
    // Every bench client comes from 127.0.0.1; the per-address cap (1,000 by default) is for the internet, not this.
    SOCKET_MAX_CONNECTIONS_PER_ADDRESS: '100000',
    ...(memDir ? { BENCH_MEM_DIR: memDir } : {}),
    ...extraEnv,
  };
  const url = `http://127.0.0.1:${port}`;
  let child;
  const server = {
    name: 'Plantão',
    url,
    socketUrl: `${url}/alerts`,
    logFile: join(dir, 'server.log'),
    get pid() {
      return child?.pid;
    },
    get child() {
      return child;
    },
    /** Spawns the process; `ready` resolves when /health answers. */
    spawn() {
      const log = createWriteStream(server.logFile, { flags: 'a' });
      const args = ['--expose-gc', '--require', PROBE];
      child = spawnTracked(process.execPath, [...args, SERVER_MAIN], {
        cwd: dir,
        // The probe writes the profile at SIGTERM (node --cpu-prof does not, when the server exits from its handler).
        env: cpuProf ? { ...env, BENCH_CPU_PROF_DIR: cpuProf } : env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.pipe(log);
      child.stderr.pipe(log);
      return child;
    },
    async start() {
      server.spawn();
      await waitHealthy(url, child, { logFile: server.logFile });
    },
    /** kill -9: no shutdown hook runs, sockets are dropped by the kernel. */
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child) await stopChild(child, 10_000);
    },
  };
  return server;
}

/** bench/bare-server.mjs with the memory probe preloaded, on `port` (0: any). Restartable like plantaoServer. */
export function bareServer({ port = 0, memDir, maxMs = 20 * 60_000, extraEnv = {} }) {
  let child;
  let url;
  const server = {
    name: 'bare',
    get url() {
      return url;
    },
    get socketUrl() {
      return `${url}/alerts`;
    },
    get pid() {
      return child?.pid;
    },
    get child() {
      return child;
    },
    spawn() {
      child = forkTracked(fileURLToPath(new URL('../bare-server.mjs', import.meta.url)), [], {
        execArgv: ['--expose-gc', '--require', PROBE],
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          BENCH_MAX_MS: String(maxMs),
          BENCH_PORT: String(port),
          SOCKET_PING_INTERVAL_MS: String(PING.intervalMs),
          SOCKET_PING_TIMEOUT_MS: String(PING.timeoutMs),
          ...(memDir ? { BENCH_MEM_DIR: memDir } : {}),
          ...extraEnv,
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return child;
    },
    async start() {
      server.spawn();
      const message = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('bare server did not start in 30 s')), 30_000);
        child.once('message', (m) => {
          clearTimeout(timer);
          resolve(m);
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`bare server exited with ${code}`));
        });
      });
      if (port && message.port !== port) throw new Error(`bare server listens on ${message.port}, not ${port} (needs BENCH_PORT support)`);
      port = message.port;
      url = `http://127.0.0.1:${port}`;
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child) await stopChild(child, 5000);
    },
  };
  return server;
}

let memReads = new Map();
/**
 * The server's memory after a full GC, read by its preloaded probe (SIGUSR2 →
 * mem-<n>.json in `memDir`). `rss` and `heapUsed` in bytes.
 */
export async function readMemory(pid, memDir, timeoutMs = 60_000) {
  const n = (memReads.get(pid) ?? 0) + 1;
  memReads.set(pid, n);
  process.kill(pid, 'SIGUSR2');
  const file = join(memDir, `mem-${n}.json`);
  await waitFor(() => existsSync(file), { timeoutMs, everyMs: 50, what: `memory reading ${file}` });
  const reading = JSON.parse(readFileSync(file, 'utf8'));
  if (!reading.gc) throw new Error('the server was started without --expose-gc: memory would include garbage');
  return {
    rss: reading.usage.rss,
    heapUsed: reading.usage.heapUsed,
    external: reading.usage.external,
    arrayBuffers: reading.usage.arrayBuffers,
    snapshot: reading.snapshot,
  };
}

/** Tenants t0..tN-1, each with one nurse (its stations share the token) and one agent (who posts). */
export async function seedTenants(databaseUrl, count) {
  const { openDatabase } = requireServer('./dist/db/create-database.js');
  const { hashPassword } = requireServer('./dist/auth/password-hasher.js');
  const tag = randomBytes(3).toString('hex');
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  const tenants = Array.from({ length: count }, (_, i) => ({
    id: `fleet-${tag}-t${i}`,
    nurse: `nurse-${tag}-t${i}@bench.plantao`,
    agent: `agent-${tag}-t${i}@bench.plantao`,
  }));
  const { db } = openDatabase(databaseUrl);
  try {
    await db
      .insertInto('tenants')
      .values(tenants.map((t) => ({ id: t.id, name: `Hospital ${t.id}`, alert_seq: 0, whatsapp_phone_number_id: null, created_at: now })))
      .execute();
    const users = tenants.flatMap((t) =>
      ['nurse', 'agent'].map((role) => ({
        id: `${role}-${t.id}`,
        tenant_id: t.id,
        email: t[role],
        name: `${role} ${t.id}`,
        role,
        password_hash: hash,
        created_at: now,
      })),
    );
    await db.insertInto('users').values(users).execute();
    const patients = tenants.flatMap((t) =>
      Array.from({ length: PATIENT_COUNT }, (_, p) => ({
        tenant_id: t.id,
        id: `bench-patient-${p}`,
        name: patientName(p),
        bed: `${10 + p}A`,
        status: 'active',
        phone: null,
        priority: 0,
        created_at: now,
        updated_at: now,
      })),
    );
    await db.insertInto('patients').values(patients).execute();
  } finally {
    await db.destroy();
  }
  return tenants;
}

/** Signs every tenant's nurse and agent in through the API (a few at a time: Argon2 is the cost). */
export async function signIn(url, tenants, concurrency = 4) {
  const login = async (email) => {
    const { status, body } = await getJson(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (status !== 200 || !body?.accessToken) throw new Error(`login ${email} failed: ${status} ${JSON.stringify(body)}`);
    return body.accessToken;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tenants.length) {
        const t = tenants[next++];
        t.nurseToken = await login(t.nurse);
        t.agentToken = await login(t.agent);
      }
    }),
  );
}

/** What a desktop station puts in `auth.station` (desktop/src/core/station-identity.ts). */
export const stationIdentity = (i) => ({ id: `bench-station-${i}`, name: `Posto ${i % 40}`, host: `ward-pc-${i}`, appVersion: '1.0.0' });

/**
 * Client processes holding `total` sockets between them. `open(specFor, ...)`
 * spreads station i over worker i mod workers; `status()` merges the workers' answers.
 */
export async function startFleet({ workers, seed, maxMs = 20 * 60_000 }) {
  const procs = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const child = forkTracked(WORKER, [], {
        env: {
          PATH: process.env.PATH,
          BENCH_FLEET_MAX_MS: String(maxMs),
          ...(seed === undefined ? {} : { BENCH_FLEET_SEED: String(seed * 1000 + w) }),
        },
        // Each worker holds thousands of sockets: room for their buffers.
        execArgv: ['--max-old-space-size=2048'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return new Promise((resolve, reject) => {
        child.once('message', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`fleet worker exited with ${code}`)));
      });
    }),
  );
  let nextId = 0;
  const pending = new Map();
  for (const child of procs) {
    child.on('message', (m) => {
      const p = pending.get(m?.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    child.on('exit', () => {
      for (const [id, p] of pending) {
        if (p.child === child) {
          pending.delete(id);
          p.reject(new Error('fleet worker exited'));
        }
      }
    });
  }
  const call = (child, cmd, args) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject, child });
      child.send({ id, cmd, args });
    });
  const all = (cmd, args) => Promise.all(procs.map((c) => call(c, cmd, args)));

  return {
    size: procs.length,
    pids: procs.map((c) => c.pid),
    /** Opens specs[i] on worker i mod workers, `concurrency` handshakes in flight per worker. */
    async open(specs, { url, kind, protocol, concurrency = 50, timeoutMs = 60_000 }) {
      const shares = procs.map(() => []);
      specs.forEach((spec, i) => shares[i % procs.length].push(spec));
      const results = await Promise.all(
        procs.map((c, w) => call(c, 'open', { url, specs: shares[w], kind, protocol, concurrency, timeoutMs })),
      );
      const errors = {};
      for (const r of results) for (const [e, n] of Object.entries(r.errors)) errors[e] = (errors[e] ?? 0) + n;
      return {
        opened: results.reduce((s, r) => s + r.opened, 0),
        failed: results.reduce((s, r) => s + r.failed, 0),
        errors,
        seconds: Math.max(...results.map((r) => r.seconds)),
      };
    },
    async status(args = {}) {
      const parts = await all('status', args);
      const sum = (k) => parts.reduce((s, p) => s + p[k], 0);
      const reasons = {};
      for (const p of parts) for (const [r, n] of Object.entries(p.reasons)) reasons[r] = (reasons[r] ?? 0) + n;
      const maxOf = (k) => {
        const values = parts.map((p) => p[k]).filter((v) => v !== undefined);
        return values.length ? Math.max(...values) : undefined;
      };
      // Exact percentiles over the whole fleet when the workers sent every time (`raw`), else the worst worker's.
      const merge = (k) => {
        if (args.raw) return spread(parts.flatMap((p) => p[`${k}Raw`]));
        const list = parts.map((p) => p[k]).filter(Boolean);
        if (list.length === 0) return undefined;
        return {
          n: list.reduce((s, x) => s + x.n, 0),
          p50: Math.max(...list.map((x) => x.p50)),
          p99: Math.max(...list.map((x) => x.p99)),
          max: Math.max(...list.map((x) => x.max)),
        };
      };
      return {
        clients: sum('clients'),
        connected: sum('connected'),
        reconnected: sum('reconnected'),
        complete: sum('complete'),
        drops: sum('drops'),
        duplicates: sum('duplicates'),
        syncs: sum('syncs'),
        syncErrors: sum('syncErrors'),
        receiptsSent: sum('receiptsSent'),
        receiptErrors: sum('receiptErrors'),
        reasons,
        lastReadyAt: maxOf('lastReadyAt'),
        lastConnectAt: maxOf('lastConnectAt'),
        ready: merge('ready'),
        connect: merge('connect'),
      };
    },
    async close() {
      await Promise.allSettled(procs.map((c) => call(c, 'close')));
      await Promise.all(procs.map((c) => stopChild(c, 3000)));
    },
  };
}

/** p50/p90/p99/max of a list of times (ms). */
export function spread(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1) };
}

/** Waits until `check(status)` holds, polling the fleet every `everyMs`; returns the last status. */
export async function waitFleet(fleet, args, check, { timeoutMs, everyMs = 200 }) {
  const deadline = performance.now() + timeoutMs;
  let status;
  for (;;) {
    status = await fleet.status(args);
    if (check(status) || performance.now() > deadline) return status;
    await sleep(everyMs);
  }
}

export const MiB = 1024 * 1024;
export const hrNow = () => performance.timeOrigin + performance.now();
