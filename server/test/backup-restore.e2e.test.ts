import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/create-database';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { createTestDatabase, POSTGRES_URL, type TestDatabase, testDatabaseKind } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const REPO = resolve(__dirname, '../..');
const BACKUP_CLI = resolve(__dirname, '../dist/cli/backup.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion without blocking this process (the in-process server keeps answering meanwhile). */
function runCommand(command: string, args: string[], env: Record<string, string>, cwd = REPO): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

const cli = (args: string[], databaseUrl: string) => runCommand(process.execPath, [BACKUP_CLI, ...args], { DATABASE_URL: databaseUrl });

interface Accepted {
  id: string;
  seq: number;
}

/**
 * Posts alerts one after another until stopped, like an agent during a shift;
 * `accepted` holds every alert answered 201, in order.
 */
function startWriting(agent: ReturnType<typeof api>, patient: { id: string; name: string }) {
  const accepted: Accepted[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const response = await agent.post('/api/alerts', alertBody(patient, { message: `Febre relatada (${i})` }));
      if (response.status !== 201) throw new Error(`alert refused while backing up: ${response.status} ${JSON.stringify(response.body)}`);
      accepted.push({ id: response.body.id, seq: response.body.seq });
    }
  })();
  return {
    accepted,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

type Alert = { id: string; seq: number } & Record<string, unknown>;

async function allAlerts(url: string, email: string): Promise<Alert[]> {
  const nurse = api(url, (await login(url, email)).accessToken);
  const response = await nurse.get('/api/alerts?afterSeq=0&limit=1000');
  expect(response.status).toBe(200);
  return response.body as Alert[];
}

/**
 * Issue #11: a backup taken while a real server writes restores to a working
 * server that reads the alerts back, whole and in order; the restore refuses
 * what would lose data.
 */
describe('backup and restore against the real database, while the server writes', () => {
  let db: TestDatabase;
  let server: TestServer;
  let tenant: TenantFixture;
  let agent: ReturnType<typeof api>;
  let dir: string;
  let restored: SpawnedServer | undefined;
  const extraDatabases: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { SWEEP_INTERVAL_MS: '0' } });
    tenant = await seedTenant(db.url);
    agent = api(server.url, (await login(server.url, tenant.agent.email)).accessToken);
    dir = mkdtempSync(join(tmpdir(), 'plantao-backup-'));
    for (let i = 0; i < 20; i++) expect((await agent.post('/api/alerts', alertBody(tenant.patients[0]!))).status).toBe(201);
  });

  afterAll(async () => {
    await restored?.terminate();
    await server?.close();
    await db?.drop();
    if (extraDatabases.length > 0) {
      const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
      for (const name of extraDatabases) await admin.query(`drop database if exists ${name}`);
      await admin.end();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Where to restore: a new SQLite file, or a new PostgreSQL database whose search_path is the backed-up schema. */
  async function freshTarget(): Promise<string> {
    if (db.kind === 'sqlite') return `sqlite:${join(dir, `restored-${randomBytes(3).toString('hex')}`, 'plantao.db')}`;
    const name = `plantao_restore_${randomBytes(4).toString('hex')}`;
    const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
    await admin.query(`create database ${name}`);
    await admin.end();
    extraDatabases.push(name);
    const url = new URL(db.url);
    url.pathname = `/${name}`;
    return url.toString();
  }

  let backupFile: string;
  let backedUp: Accepted[];

  it('backs up with `npm run backup -- --out` while alerts keep being written', async () => {
    const before = (await allAlerts(server.url, tenant.nurse.email)).length;
    const writer = startWriting(agent, tenant.patients[1]!);
    // Let the writer get going, so the backup starts in the middle of a stream of inserts.
    while (writer.accepted.length < 5) await new Promise((r) => setTimeout(r, 10));
    const acceptedBeforeBackup = writer.accepted.length;
    backupFile = join(dir, db.kind === 'sqlite' ? 'plantao-backup.db' : 'plantao-backup.dump');
    // At the repository root, with a path relative to it, as an operator would type it (the script itself runs in server/).
    const result = await runCommand('npm', ['run', 'backup', '--', '--out', relative(REPO, backupFile)], { DATABASE_URL: db.url });
    const acceptedDuringBackup = writer.accepted.length - acceptedBeforeBackup;
    await writer.stop();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`backup written: ${backupFile}`);
    expect(existsSync(backupFile)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    // The server kept answering 201 while the backup ran.
    expect(acceptedDuringBackup).toBeGreaterThan(0);
    backedUp = writer.accepted.slice(0, acceptedBeforeBackup);
    expect(before).toBe(20);
  });

  it('restores to a new database on which a fresh server reads every alert back, whole and in order', async () => {
    const target = await freshTarget();
    const result = await cli(['restore', '--from', backupFile], target);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('restored');

    restored = await spawnServer({ DATABASE_URL: target, SWEEP_INTERVAL_MS: '0' });
    const back = await allAlerts(restored.url, tenant.nurse.email);
    const original = new Map((await allAlerts(server.url, tenant.nurse.email)).map((a) => [a.id, a]));

    // A snapshot: seq 1..n without a gap, each alert identical to the one the live server still has.
    expect(back.map((a) => a.seq)).toEqual(back.map((_, i) => i + 1));
    for (const alert of back) expect(alert).toEqual(original.get(alert.id));
    // Everything answered 201 before the backup started is in it.
    expect(back.length).toBeGreaterThanOrEqual(20 + backedUp.length);
    const ids = new Set(back.map((a) => a.id));
    for (const a of backedUp) expect(ids.has(a.id)).toBe(true);

    // The per-tenant counter was captured with the rows: the next alert takes the next seq.
    const restoredAgent = api(restored.url, (await login(restored.url, tenant.agent.email)).accessToken);
    const next = await restoredAgent.post('/api/alerts', alertBody(tenant.patients[0]!));
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe(back.length + 1);

    // While that server holds it, a SQLite restore refuses even with --force; PostgreSQL refuses without --force.
    if (db.kind === 'sqlite') {
      const refused = await cli(['restore', '--from', backupFile, '--force'], target);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is in use');
    }
    const noForce = await cli(['restore', '--from', backupFile], target);
    expect(noForce.code).toBe(1);
    expect(noForce.stderr).toMatch(db.kind === 'sqlite' ? /is in use/ : /already holds \d+ tables: add --force/);
    expect((await allAlerts(restored.url, tenant.nurse.email)).length).toBe(back.length + 1);
    expect(await restored.terminate()).toBe(0);
    restored = undefined;

    // Stopped: replacing it needs --force, and keeps what it replaces.
    const again = await cli(['restore', '--from', backupFile], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('add --force');
    const forced = await cli(['restore', '--from', backupFile, '--force'], target);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    const kept = /(?:kept as|dumped to) (\S+)/.exec(forced.stdout)?.[1];
    expect(kept && existsSync(kept)).toBe(true);
    restored = await spawnServer({ DATABASE_URL: target, SWEEP_INTERVAL_MS: '0' });
    expect((await allAlerts(restored.url, tenant.nurse.email)).map((a) => a.id)).toEqual(back.map((a) => a.id));
    expect(await restored.terminate()).toBe(0);
    restored = undefined;
  });

  it('refuses a database a server holds (SQLite), an existing output file, and a file that is not a Plantão backup, changing nothing', async () => {
    const countAlerts = async () => {
      const { db: kysely } = openDatabase(db.url);
      try {
        return (
          await kysely
            .selectFrom('alerts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      } finally {
        await kysely.destroy();
      }
    };
    const before = Number(await countAlerts());

    if (db.kind === 'sqlite') {
      const live = await cli(['restore', '--from', backupFile, '--force'], db.url);
      expect(live.code).toBe(1);
      expect(live.stderr).toContain('is in use');
    }
    const overwrite = await cli(['backup', '--out', backupFile], db.url);
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toContain('already exists');

    const junk = join(dir, 'not-a-backup');
    writeFileSync(junk, 'hello');
    const notBackup = await cli(['restore', '--from', junk, '--force'], await freshTarget());
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toMatch(/not a (readable SQLite database|pg_dump custom-format backup)/);

    const usage = await cli(['backup'], db.url);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--out <file>');

    expect(Number(await countAlerts())).toBe(before);
    // The live server is unharmed.
    expect((await agent.post('/api/alerts', alertBody(tenant.patients[0]!))).status).toBe(201);
  });

  it.skipIf(testDatabaseKind() !== 'postgres')('refuses a PostgreSQL backup into a schema other than the one it holds', async () => {
    const target = new URL(await freshTarget());
    target.searchParams.set('options', '-c search_path=another_schema');
    const result = await cli(['restore', '--from', backupFile], target.toString());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/holds schema "t_[0-9a-f]+" but DATABASE_URL writes to "another_schema"/);
  });
});
