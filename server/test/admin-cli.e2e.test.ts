import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserErrorCode, UserSummarySchema } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from './support/fixtures';
import { connectStation, type StationSocket, waitFor } from './support/socket-client';
import { spawnServer, type SpawnedServer, TEST_JWT_SECRET } from './support/spawn-server';
import { createTestDatabase, REDIS_URL, type TestDatabase } from './support/test-database';

/** The compiled CLI, as `npm run admin` runs it (`npm test` builds first, like the server spawn-server.ts starts). */
const CLI_ENTRY = resolve(__dirname, '../dist/cli/admin.js');

const PASSWORD = 'cavalo correto bateria grampo';
const NEW_PASSWORD = 'outra frase bem comprida';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Issue #11 part 1, "done when": the admin CLI creates the tenant and its
 * first admin on an EMPTY database with NODE_ENV=production (no demo data,
 * no way in otherwise), and the server started on that database signs her
 * in. Runs the compiled CLI as a child process, the way an operator does,
 * once per database project.
 */
describe('admin CLI (npm run admin) on an empty production database', () => {
  let db: TestDatabase;
  let server: SpawnedServer;
  const sockets: StationSocket[] = [];
  const tenantId = `hospital-${Date.now().toString(36)}`;
  const email = `ana.admin.${tenantId}@h.example`;

  /** The CLI with the server's production environment; stdin is not a terminal, so the password must come from the environment. */
  const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          JWT_SECRET: TEST_JWT_SECRET,
          DATABASE_URL: db.url,
          LOG_LEVEL: 'warn',
          PLANTAO_ADMIN_PASSWORD: undefined,
          REDIS_URL: undefined,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', fail);
      child.once('close', (code) => done({ code, stdout, stderr }));
    });
  const listed = async () => {
    const run = await cli(['list-users', '--tenant', tenantId, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return UserSummarySchema.array().parse(JSON.parse(run.stdout));
  };

  beforeAll(async () => {
    if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: build first (npx tsc -b server)`);
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.terminate();
    await db?.drop();
  });

  it('refuses bad input before touching the database: missing --email, a weak password, no password at all', async () => {
    const missing = await cli(['create-admin', '--tenant', tenantId, '--name', 'Ana'], { PLANTAO_ADMIN_PASSWORD: PASSWORD });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--email');

    const weak = await cli(['create-admin', '--tenant', tenantId, '--email', email, '--name', 'Ana'], {
      PLANTAO_ADMIN_PASSWORD: '12345678',
    });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password: must be at least 10 characters/);
    expect(weak.stderr + weak.stdout).not.toContain('12345678');

    const none = await cli(['create-admin', '--tenant', tenantId, '--email', email, '--name', 'Ana']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('PLANTAO_ADMIN_PASSWORD');

    const unknown = await cli(['list-users', '--tenant', tenantId]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`unknown tenant "${tenantId}"`);
  });

  it('creates the tenant and its first admin; the production server signs her in', async () => {
    const run = await cli(
      ['create-admin', '--tenant', tenantId, '--tenant-name', 'Hospital Teste', '--email', email, '--name', 'Ana Admin'],
      {
        PLANTAO_ADMIN_PASSWORD: PASSWORD,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Created tenant "${tenantId}"`);
    expect(run.stdout).toContain(`Created admin ${email}`);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toMatch(/argon2/);

    server = await spawnServer({ DATABASE_URL: db.url, NODE_ENV: 'production', REDIS_URL });
    const session = await login(server.url, email, PASSWORD);
    expect(session.user).toMatchObject({ tenantId, role: 'admin', name: 'Ana Admin' });
    const users = await api(server.url, session.accessToken).get('/api/users');
    expect(users.status).toBe(200);
    expect(users.body).toEqual([expect.objectContaining({ email, role: 'admin', disabled: false })]);

    const again = await cli(['create-admin', '--tenant', tenantId, '--email', email.toUpperCase(), '--name', 'Ana'], {
      PLANTAO_ADMIN_PASSWORD: PASSWORD,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`a user with e-mail ${email} already exists`);
    expect(await listed()).toHaveLength(1);
  });

  it('lists users as a table and as JSON (never a hash)', async () => {
    const nurse = await api(server.url, (await login(server.url, email, PASSWORD)).accessToken).post('/api/users', {
      email: `joana.${tenantId}@h.example`,
      password: PASSWORD,
      name: 'Enf. Joana',
      role: 'nurse',
    });
    expect(nurse.status).toBe(201);
    const table = await cli(['list-users', '--tenant', tenantId]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS\s+CREATED\s+ID$/);
    expect(table.stdout).toMatch(new RegExp(`joana\\.${tenantId}@h\\.example\\s+Enf\\. Joana\\s+nurse\\s+active`));
    expect(table.stdout).not.toMatch(/argon2/);
    expect((await listed()).map((u) => u.role).sort()).toEqual(['admin', 'nurse']);
  });

  it('resets a password: the old one is refused by the server, the new one signs in; refused resets change nothing', async () => {
    const unknownTenant = await cli(['reset-password', '--tenant', `${tenantId}-nope`, '--email', email], {
      PLANTAO_ADMIN_PASSWORD: NEW_PASSWORD,
    });
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr).toContain(`unknown tenant "${tenantId}-nope"`);
    const weak = await cli(['reset-password', '--tenant', tenantId, '--email', email], { PLANTAO_ADMIN_PASSWORD: 'senha123456' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password: is too common/);
    const unknownUser = await cli(['reset-password', '--tenant', tenantId, '--email', `ghost.${tenantId}@h.example`], {
      PLANTAO_ADMIN_PASSWORD: NEW_PASSWORD,
    });
    expect(unknownUser.code).toBe(1);
    expect((await login(server.url, email, PASSWORD)).user.tenantId).toBe(tenantId);

    const reset = await cli(['reset-password', '--tenant', tenantId, '--email', email], { PLANTAO_ADMIN_PASSWORD: NEW_PASSWORD });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout + reset.stderr).not.toContain(NEW_PASSWORD);
    expect((await api(server.url).post('/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
    expect((await login(server.url, email, NEW_PASSWORD)).user.tenantId).toBe(tenantId);
  });

  it("disables a nurse (her station is dropped through the servers' Redis) and enables her again", async () => {
    const nurseEmail = `joana.${tenantId}@h.example`;
    const session = await login(server.url, nurseEmail, PASSWORD);
    const socket = await connectStation(server.url, { auth: { token: session.accessToken } });
    sockets.push(socket);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));

    const disabled = await cli(['disable-user', '--tenant', tenantId, '--email', nurseEmail], { REDIS_URL });
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('on every server instance');
    await waitFor(() => reasons.length > 0, 'the station dropped', 5000);
    expect(reasons[0]).toBe('io server disconnect');
    const refused = await api(server.url).post('/api/auth/login', { email: nurseEmail, password: PASSWORD });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe(UserErrorCode.AccountDisabled);
    expect((await api(server.url).post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect((await listed()).find((u) => u.email === nurseEmail)?.disabled).toBe(true);

    const enabled = await cli(['enable-user', '--tenant', tenantId, '--email', nurseEmail]);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect((await login(server.url, nurseEmail, PASSWORD)).user.role).toBe('nurse');
  });

  it('exits 2 naming the database when it cannot be reached (and never prints its URL)', async () => {
    const run = await cli(['list-users', '--tenant', tenantId], { DATABASE_URL: 'postgres://plantao:s3cret@127.0.0.1:1/plantao' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot use the postgres database of DATABASE_URL');
    expect(run.stderr).not.toContain('s3cret');
  });
});
