// The two servers under test. Each `start*` returns
//   { name, url, pid, postAlert(tenantIndex) -> request options, clientSpecs(), stop() }
// so run.mjs drives both the same way.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PATIENT_COUNT, patientName } from './payload.mjs';
import { forkTracked, freePort, onCleanup, spawnTracked, stopChild, waitFor } from './processes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const requireServer = createRequire(join(root, 'server/package.json'));
const PASSWORD = 'bench-password-not-a-secret';

export const socketIoVersion = () => requireServer('socket.io/package.json').version;

export async function getJson(url, init) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A fresh PostgreSQL schema for one server run; dropped by the returned function. */
export async function createPgSchema(baseUrl) {
  const { Pool } = requireServer('pg');
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const pool = new Pool({ connectionString: baseUrl, max: 1 });
  try {
    await pool.query(`create schema ${schema}`);
  } finally {
    await pool.end();
  }
  const url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const drop = async () => {
    const p = new Pool({ connectionString: baseUrl, max: 1 });
    try {
      await p.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await p.end();
    }
  };
  return { url, schema, drop };
}

/** Tenants t0..tN-1, each with one nurse (whose token its clients share) and one agent (who posts). */
export async function seedTenants(databaseUrl, count) {
  const { openDatabase } = requireServer('./dist/db/create-database.js');
  const { hashPassword } = requireServer('./dist/auth/password-hasher.js');
  const tag = randomBytes(3).toString('hex');
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  const tenants = Array.from({ length: count }, (_, i) => ({
    id: `bench-${tag}-t${i}`,
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

export async function login(url, email) {
  const { status, body } = await getJson(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (status !== 200 || !body?.accessToken) throw new Error(`login ${email} failed: ${status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/**
 * The real server (server/dist/main.js) in its own process, on a temp SQLite
 * file or a fresh PostgreSQL schema, with `tenants` seeded and logged in.
 */
export async function startPlantao({ tenants: tenantCount, db, pgUrl, deflateThreshold, cpuProf, maxMs, entry = 'server/dist/main.js' }) {
  const dir = mkdtempSync(join(tmpdir(), 'plantao-bench-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  let databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  let dropSchema;
  if (db === 'postgres') {
    const pg = await createPgSchema(pgUrl);
    databaseUrl = pg.url;
    dropSchema = pg.drop;
    onCleanup(pg.drop);
  }
  const port = await freePort();
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
    SOCKET_PING_INTERVAL_MS: '5000',
    SOCKET_PING_TIMEOUT_MS: '3000',
    // Every bench station connects from 127.0.0.1: lift the per-address cap (issue #8, default 1,000).
    SOCKET_MAX_CONNECTIONS_PER_ADDRESS: '100000',
    ...(deflateThreshold === undefined ? {} : { SOCKET_COMPRESSION_THRESHOLD_BYTES: String(deflateThreshold) }),
  };
  const logFile = join(dir, 'server.log');
  const log = createWriteStream(logFile);
  const nodeArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProf)}`] : [];
  // `entry`: another bootstrap of the same dist (bench/ingest-stub-server.mjs for P3's stubbed store).
  const child = spawnTracked(process.execPath, [...nodeArgs, resolve(root, entry)], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const watchdog = setTimeout(() => child.kill('SIGKILL'), maxMs).unref();
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`Plantão server exited with ${child.exitCode}:\n${tail(logFile)}`);
        return (await getJson(`${url}/health`).catch(() => ({ status: 0 }))).status === 200;
      },
      { timeoutMs: 60_000, everyMs: 200, what: 'Plantão /health' },
    );
    const tenants = await seedTenants(databaseUrl, tenantCount);
    // One nurse token per tenant, shared by that tenant's clients; one agent token to post.
    for (const t of tenants) {
      t.nurseToken = await login(url, t.nurse);
      t.agentToken = await login(url, t.agent);
    }
    return {
      name: 'Plantão',
      url,
      pid: child.pid,
      tenants: tenants.map((t) => t.id),
      socketUrl: `${url}/alerts`,
      clientSpec: (i) => ({ tenantId: tenants[i].id, auth: { token: tenants[i].nurseToken } }),
      postHeaders: (i) => ({ authorization: `Bearer ${tenants[i].agentToken}` }),
      logFile,
      databaseUrl,
      async stop() {
        clearTimeout(watchdog);
        await stopChild(child);
        if (dropSchema) await dropSchema();
      },
    };
  } catch (error) {
    await stopChild(child, 3000);
    throw error;
  }
}

/** bench/bare-server.mjs in its own process. */
export async function startBare({ tenants: tenantCount, deflateThreshold, noContextTakeover, maxMs }) {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    BENCH_MAX_MS: String(maxMs),
    SOCKET_PING_INTERVAL_MS: '5000',
    SOCKET_PING_TIMEOUT_MS: '3000',
    ...(deflateThreshold === undefined ? {} : { SOCKET_COMPRESSION_THRESHOLD_BYTES: String(deflateThreshold) }),
    ...(noContextTakeover ? { BENCH_NO_CONTEXT_TAKEOVER: 'true' } : {}),
  };
  const child = forkTracked(fileURLToPath(new URL('../bare-server.mjs', import.meta.url)), [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise((resolve, reject) => {
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
  const url = `http://127.0.0.1:${port}`;
  const tenants = Array.from({ length: tenantCount }, (_, i) => `bare-t${i}`);
  return {
    name: 'bare',
    url,
    pid: child.pid,
    tenants,
    socketUrl: `${url}/alerts`,
    clientSpec: (i) => ({ tenantId: tenants[i], auth: { tenant: tenants[i] } }),
    postHeaders: (i) => ({ 'x-bench-tenant': tenants[i] }),
    async stop() {
      await stopChild(child, 5000);
    },
  };
}
