// P5 and the scale-out measurement: several Plantão instances on one fresh
// PostgreSQL schema and one private redis-server, plus the /proc readings that
// say which process the CPU went to (instances, their PostgreSQL backends, Redis).
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, freePort, onCleanup, spawnTracked, stopChild, waitFor } from './processes.mjs';
import { createPgSchema, getJson, login, seedTenants, tail } from './targets.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Our own redis-server on a free port, no persistence: the shared Redis on 6379
 * is used by tests, and pub/sub channels are global across database indexes, so
 * a separate database index would not keep the adapters' traffic apart.
 */
export async function startRedis({ maxMs }) {
  const port = await freePort();
  const child = spawnTracked('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const watchdog = setTimeout(() => child.kill('SIGKILL'), maxMs).unref();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const { createConnection } = await import('node:net');
  await waitFor(
    () =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`redis-server exited with ${child.exitCode}: ${stderr}`));
        const s = createConnection({ host: '127.0.0.1', port });
        s.once('connect', () => s.end('PING\r\n'));
        s.once('data', (d) => resolve(String(d).startsWith('+PONG')));
        s.once('error', () => resolve(false));
      }),
    { timeoutMs: 10_000, everyMs: 100, what: 'redis-server' },
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      clearTimeout(watchdog);
      await stopChild(child, 3000);
    },
  };
}

/** One server process of the cluster; resolves once /health answers 200. */
async function spawnInstance({ dir, index, env, maxMs, cpuProf }) {
  const port = await freePort();
  const logFile = join(dir, `server-${index}.log`);
  const log = createWriteStream(logFile);
  const nodeArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const child = spawnTracked(process.execPath, [...nodeArgs, join(root, 'server/dist/main.js')], {
    cwd: dir,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const watchdog = setTimeout(() => child.kill('SIGKILL'), maxMs).unref();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`Plantão instance ${index} exited with ${child.exitCode}:\n${tail(logFile)}`);
      return (await getJson(`${url}/health`).catch(() => ({ status: 0 }))).status === 200;
    },
    { timeoutMs: 60_000, everyMs: 200, what: `Plantão instance ${index} /health` },
  );
  return {
    url,
    socketUrl: `${url}/alerts`,
    pid: child.pid,
    logFile,
    async stop() {
      clearTimeout(watchdog);
      await stopChild(child);
    },
  };
}

/**
 * `count` instances of server/dist/main.js on one fresh PostgreSQL schema, with
 * REDIS_URL when `redisUrl` is given (and always when count > 1). The first
 * instance migrates the schema alone; the others start after it is healthy.
 * Same JWT secret everywhere, so a token from one instance works on all.
 */
export async function startPlantaoCluster({ count, tenants: tenantCount, pgUrl, redisUrl, maxMs, cpuProf }) {
  if (count > 1 && !redisUrl) throw new Error('several instances need Redis');
  const dir = mkdtempSync(join(tmpdir(), 'plantao-cluster-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const pg = await createPgSchema(pgUrl);
  onCleanup(pg.drop);
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: pg.url,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    SOCKET_PING_INTERVAL_MS: '5000',
    SOCKET_PING_TIMEOUT_MS: '3000',
    // Every bench station connects from 127.0.0.1: lift the per-address cap (issue #8, default 1,000).
    SOCKET_MAX_CONNECTIONS_PER_ADDRESS: '100000',
    METRICS_PUBLIC: 'true',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const instances = [];
  const stopAll = async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await pg.drop();
  };
  try {
    instances.push(await spawnInstance({ dir, index: 0, env, maxMs, cpuProf }));
    instances.push(
      ...(await Promise.all(Array.from({ length: count - 1 }, (_, k) => spawnInstance({ dir, index: k + 1, env, maxMs, cpuProf })))),
    );
    const tenants = await seedTenants(pg.url, tenantCount);
    for (const t of tenants) {
      t.nurseToken = await login(instances[0].url, t.nurse);
      t.agentToken = await login(instances[0].url, t.agent);
    }
    return {
      name: `Plantão x${count}`,
      instances,
      tenants: tenants.map((t) => t.id),
      clientSpec: (i) => ({ tenantId: tenants[i].id, auth: { token: tenants[i].nurseToken } }),
      postHeaders: (i) => ({ authorization: `Bearer ${tenants[i].agentToken}` }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------- who used the CPU

const PG_PORT_HEX = '1538'; // 5432

/** inode -> { local, remote } ports of the TCP sockets in this network namespace. */
function tcpSockets() {
  const out = new Map();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      out.set(f[9], { local: f[1].split(':')[1], remote: f[2].split(':')[1] });
    }
  }
  return out;
}

function socketInodes(pid) {
  const inodes = [];
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.push(m[1]);
      } catch {
        // fd closed meanwhile
      }
    }
  } catch {
    // process gone
  }
  return inodes;
}

/**
 * PIDs of the PostgreSQL backends serving `clientPids`: the client ends of their
 * connections to port 5432 are matched with the server ends held by `postgres`
 * processes (reading other processes' fds needs root or the same user; without
 * it the list is empty and the figure is reported as n/a).
 */
export function pgBackendsOf(clientPids) {
  const sockets = tcpSockets();
  const clientPorts = new Set();
  for (const pid of clientPids)
    for (const inode of socketInodes(pid)) {
      const s = sockets.get(inode);
      if (s?.remote === PG_PORT_HEX) clientPorts.add(s.local);
    }
  const backends = [];
  if (clientPorts.size === 0) return backends;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    for (const inode of socketInodes(entry)) {
      const s = sockets.get(inode);
      if (s?.local === PG_PORT_HEX && clientPorts.has(s.remote)) {
        backends.push(Number(entry));
        break;
      }
    }
  }
  return backends;
}

/**
 * For runPhase's `extraCpu`: CPU seconds so far of the instances' PostgreSQL
 * backends (`pg:<pid>`, so a backend opened mid-phase counts from 0) and of redis-server.
 */
export const clusterCpu = (target, redisPid) => () => {
  const out = {};
  for (const pid of pgBackendsOf(target.instances.map((i) => i.pid))) out[`postgres:${pid}`] = cpuSeconds(pid) ?? 0;
  if (redisPid) out.redis = cpuSeconds(redisPid) ?? 0;
  return out;
};
