import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/app-config';
import { login } from './support/fixtures';
import { freePort, TEST_JWT_SECRET } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The deployment kit (issue #11, deploy/). Docker cannot run here, so what
 * can be is tested directly: the compose file against the Compose
 * Specification's JSON schema, the files' agreement with each other, the
 * entrypoint and the health check run for real, and the runtime image's file
 * layout rehearsed from the Dockerfile's own COPY lines, with the server, the
 * admin CLI and the backup CLI started from its WORKDIR against this suite's
 * real database. Not tested: building the image, pulling base images,
 * Caddy itself.
 */
const REPO = resolve(__dirname, '../..');
const DEPLOY = join(REPO, 'deploy');
const read = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const env = { ...process.env, ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(command, args, { cwd: options.cwd ?? REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

type ComposeService = {
  image?: string;
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  build?: { context: string; dockerfile: string };
};
type Compose = { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

describe('deploy/compose.yaml', () => {
  const compose = load(read('compose.yaml')) as Compose;

  it('is valid against the Compose Specification JSON schema (deploy/schema/compose-spec.json)', () => {
    const schema = JSON.parse(read('schema/compose-spec.json')) as Record<string, unknown>;
    // ajv 6 knows draft-07 under its http:// id; the schema names it with https://.
    delete schema.$schema;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does catch mistakes: a misspelt key is refused.
    expect(validate({ services: { server: { imag: 'x' } } })).toBe(false);
  });

  it('runs the server, PostgreSQL, Redis and Caddy, with only Caddy published', () => {
    const { server, postgres, redis, caddy } = compose.services;
    expect(Object.keys(compose.services).sort()).toEqual(['caddy', 'postgres', 'redis', 'server']);
    expect(server!.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(existsSync(resolve(DEPLOY, server!.build!.context, server!.build!.dockerfile))).toBe(true);
    for (const name of ['server', 'postgres', 'redis']) expect(compose.services[name]!.ports).toBeUndefined();
    expect(caddy!.ports).toEqual(expect.arrayContaining(['80:80', '443:443']));
    expect(server!.deploy?.replicas).toBeGreaterThan(1);

    const env = server!.environment!;
    expect(env.NODE_ENV).toBe('production');
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/plantao:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/plantao$/);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.SOCKET_CLIENT_ADDRESS_HEADER).toBe('x-forwarded-for');
    expect(server!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(postgres!.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(redis!.healthcheck?.test).toContain('ping');
    // The database outlives its container.
    expect(postgres!.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'caddy_data', 'backups']));
    // The image's PostgreSQL client (Debian trixie: 17) must be at least the server's major version.
    expect(postgres!.image).toBe('postgres:17');
    expect(read('Dockerfile')).toMatch(/FROM node:\$\{NODE_VERSION\}-trixie-slim AS base/);
  });

  it('gives Caddy everything its Caddyfile reads, pointing at the server service and port', () => {
    const caddy = compose.services.caddy!;
    const caddyfile = read('Caddyfile');
    const wanted = [...caddyfile.matchAll(/\{\$([A-Z_]+)(?::[^}]*)?\}/g)].map((m) => m[1]!);
    for (const name of new Set(wanted)) expect(Object.keys(caddy.environment!)).toContain(name);
    expect(caddy.environment!.PLANTAO_UPSTREAM_HOST).toBe('server');
    expect(caddy.environment!.PLANTAO_UPSTREAM_PORT).toBe(compose.services.server!.environment!.PORT);
    expect(caddy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
  });

  it('reads every variable it interpolates from the documented env file', () => {
    const example = read('plantao.env.example');
    const interpolated = new Set([...read('compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!));
    for (const name of interpolated) expect(example).toMatch(new RegExp(`^#?${name}=`, 'm'));
  });
});

describe('deploy/Caddyfile', () => {
  const caddyfile = read('Caddyfile');

  it('terminates TLS for the configured name (internal CA by default) and sends HSTS', () => {
    expect(caddyfile).toMatch(/^\{\$PLANTAO_DOMAIN:localhost\} \{$/m);
    expect(caddyfile).toMatch(/^\ttls \{\$PLANTAO_TLS:internal\}$/m);
    const hsts = /Strict-Transport-Security "max-age=(\d+)[^"]*"/.exec(caddyfile);
    expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(31_536_000);
  });

  it('keeps Socket.io polling on one instance (cookie, else client address) and WebSockets open across reloads', () => {
    expect(caddyfile).toMatch(/lb_policy cookie plantao_lb [^\n]*\{\n\s*fallback ip_hash\n\s*\}/);
    expect(caddyfile).toMatch(/dynamic a \{\n\s*name \{\$PLANTAO_UPSTREAM_HOST:server\}\n\s*port \{\$PLANTAO_UPSTREAM_PORT:3000\}/);
    expect(caddyfile).toMatch(/stream_close_delay \d+m/);
    // Balanced braces: a truncated block would not parse.
    const opens = (caddyfile.replace(/\{\$[^}]*\}/g, '').match(/\{/g) ?? []).length;
    const closes = (caddyfile.replace(/\{\$[^}]*\}/g, '').match(/\}/g) ?? []).length;
    expect(opens).toBe(closes);
  });
});

describe('deploy/plantao.service (systemd)', () => {
  const unit = read('plantao.service');
  const settings = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  const one = (key: string) => settings.get(key)?.at(-1);

  it('runs the built server as its own user, from the environment file, restarting always', () => {
    expect(one('User')).toBe('plantao');
    expect(one('EnvironmentFile')).toBe('/etc/plantao/plantao.env');
    expect(one('Restart')).toBe('always');
    expect(one('ExecStart')).toBe(`/usr/bin/node ${one('WorkingDirectory')}/dist/main.js`);
    expect(one('KillSignal')).toBe('SIGTERM');
  });

  it('is hardened, without what breaks V8 (MemoryDenyWriteExecute)', () => {
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['CapabilityBoundingSet', ''],
      ['SystemCallFilter', '@system-service'],
    ] as const) {
      expect(one(key)).toBe(value);
    }
    expect(settings.has('MemoryDenyWriteExecute')).toBe(false);
    // ProtectSystem=strict: the state directory is the one writable place (the SQLite file in the env example).
    expect(one('StateDirectory')).toBe('plantao');
    expect(read('plantao.env.example')).toContain('#DATABASE_URL=sqlite:/var/lib/plantao/plantao.db');
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)(
    'passes systemd-analyze verify, with a low exposure score',
    async () => {
      const verify = await run('systemd-analyze', ['verify', join(DEPLOY, 'plantao.service')]);
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
      // Exposure 0–10 (×10 here): the unit scores about 1.7 ("OK"); 2.5 leaves room, a dropped hardening line fails.
      const security = await run('systemd-analyze', ['security', '--offline=yes', '--threshold=25', join(DEPLOY, 'plantao.service')]);
      expect(security.code).toBe(0);
    },
  );
});

describe('deploy/plantao.env.example', () => {
  const entries = [...read('plantao.env.example').matchAll(/^(#?)([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({
    commented: m[1] === '#',
    name: m[2]!,
    value: m[3]!,
  }));
  const composeOnly = new Set(['POSTGRES_PASSWORD', 'PLANTAO_DOMAIN', 'PLANTAO_TLS', 'PLANTAO_LB_SECRET']);

  it('names only variables the README documents (server) or compose.yaml reads (deployment)', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const deployReadme = read('README.md');
    for (const { name } of entries) {
      if (composeOnly.has(name)) {
        expect(read('compose.yaml')).toContain(name);
        expect(deployReadme).toContain(`\`${name}\``);
      } else {
        expect(readme).toContain(`\`${name}\``);
      }
    }
  });

  it('is accepted by the server once the secrets are filled in', () => {
    const env: Record<string, string> = {};
    for (const { commented, name, value } of entries) if (!commented) env[name] = value;
    expect(env.JWT_SECRET).toBe('');
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET/);
    const config = loadConfig({ ...env, JWT_SECRET: TEST_JWT_SECRET });
    expect(config).toMatchObject({ env: 'production', host: '127.0.0.1', retentionDays: 0, clientAddressHeader: 'x-forwarded-for' });
  });
});

describe('deploy/docker-entrypoint.sh', () => {
  let dir: string;
  const entrypoint = join(DEPLOY, 'docker-entrypoint.sh');
  const base = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'postgres://plantao@postgres:5432/plantao' };
  /** The image's /bin/sh is dash; the entrypoint is POSIX sh, and runs under bash as well. */
  const entry = (env: Record<string, string | undefined>, command: string[] = ['sh', '-c', 'echo started'], shell = 'sh') =>
    run(shell, [entrypoint, ...command], { env: { ...base, ...env } });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plantao-entrypoint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('execs the command when the environment is complete, under sh and bash', async () => {
    for (const shell of ['sh', 'bash']) {
      const ok = await entry({}, ['sh', '-c', 'echo "started as $$"; exit 7'], shell);
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/^started as \d+\n$/);
      // The command's own exit code: it replaced the entrypoint (exec).
      expect(ok.code).toBe(7);
    }
  });

  it('reads NAME_FILE secrets into NAME (trailing newline dropped) and unsets NAME_FILE', async () => {
    const secret = join(dir, 'jwt_secret');
    writeFileSync(secret, 'x'.repeat(40) + '\n');
    const result = await entry({ JWT_SECRET: undefined, JWT_SECRET_FILE: secret }, [
      'sh',
      '-c',
      'printf "%s|%s" "$JWT_SECRET" "${JWT_SECRET_FILE-unset}"',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${'x'.repeat(40)}|unset`);
  });

  it('refuses, naming the variable, what would fail late or lose data', async () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'y'.repeat(40));
    writeFileSync(join(dir, 'empty'), '');
    const cases: [Record<string, string | undefined>, RegExp][] = [
      [{ DATABASE_URL: undefined }, /DATABASE_URL is not set/],
      [{ JWT_SECRET: undefined }, /JWT_SECRET \(or JWT_SECRET_FILE\) is required/],
      [{ JWT_SECRET_FILE: secret }, /both JWT_SECRET and JWT_SECRET_FILE are set/],
      [{ JWT_SECRET: undefined, JWT_SECRET_FILE: join(dir, 'missing') }, /JWT_SECRET_FILE=.* is not a readable file/],
      [{ JWT_SECRET: undefined, JWT_SECRET_FILE: join(dir, 'empty') }, /JWT_SECRET_FILE=.* is empty/],
      [{ DATABASE_URL: 'sqlite:./data/plantao.db' }, /absolute path on a volume/],
      [{ DATABASE_URL: `sqlite:${join(dir, 'no-such-folder', 'plantao.db')}` }, /does not exist: mount a volume/],
      [{ DATABASE_URL: 'mysql://x' }, /must start with sqlite: or postgres:\/\//],
    ];
    for (const [env, message] of cases) {
      const result = await entry(env);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(1);
    }
    // Development needs no secret here (the server generates one); SQLite in a writable folder is fine.
    expect((await entry({ NODE_ENV: 'development', JWT_SECRET: undefined })).code).toBe(0);
    expect((await entry({ DATABASE_URL: `sqlite:${join(dir, 'plantao.db')}` })).code).toBe(0);
  });
});

/**
 * The runtime stage of deploy/Dockerfile, rehearsed: its COPY lines are
 * applied to a temporary folder (from the repository's built output, with the
 * repository's node_modules standing in for the production dependencies), and
 * its ENTRYPOINT, CMD and HEALTHCHECK run from its WORKDIR.
 */
describe('the image layout (deploy/Dockerfile runtime stage), rehearsed', () => {
  let db: TestDatabase;
  let root: string;
  let workdir: string;
  let server: ReturnType<typeof spawn> | undefined;
  let port: number;
  let output = '';
  const dockerfile = read('Dockerfile');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const directive = (name: string) => [...runtime.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((m) => m[1]!);
  const json = (name: string) => JSON.parse(directive(name).at(-1)!) as string[];
  const env = () => ({
    NODE_ENV: 'production',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    STATION_DIR: undefined,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    root = mkdtempSync(join(tmpdir(), 'plantao-image-'));
    const app = join(root, 'app');
    mkdirSync(app);
    for (const line of directive('COPY')) {
      const parts = line.split(/\s+/).filter((p) => !p.startsWith('--chown'));
      const from = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : undefined;
      const dest = resolve(app, parts.pop()!);
      for (const source of parts) {
        const target = dest.endsWith('/') || parts.length > 1 || line.trim().endsWith('/') ? join(dest, source.split('/').pop()!) : dest;
        mkdirSync(dirname(target), { recursive: true });
        if (from === 'prod-deps') {
          // The repository's installed dependencies stand in for the production ones (same lockfile, plus dev ones).
          const installed = join(REPO, source.replace(/^\/app\//, ''));
          if (existsSync(installed)) symlinkSync(installed, target);
          else mkdirSync(target, { recursive: true });
        } else if (from === 'build' && source === '/app/desktop/dist/station') {
          // Building the station takes minutes: a stand-in page proves the server finds whatever the image puts there.
          mkdirSync(target, { recursive: true });
          writeFileSync(join(target, 'index.html'), '<!doctype html><title>Plantão station (image layout)</title>');
        } else cpSync(join(REPO, from ? source.replace(/^\/app\//, '') : source), target, { recursive: true });
      }
    }
    workdir = resolve(
      app,
      directive('WORKDIR')
        .at(-1)!
        .replace(/^\/app\/?/, ''),
    );
    const [init, , entrypoint] = json('ENTRYPOINT');
    expect(init).toBe('/usr/bin/tini');
    const cmd = json('CMD');
    server = spawn('sh', [join(app, entrypoint!.replace(/^\/app\//, '')), ...cmd], {
      cwd: workdir,
      env: Object.fromEntries(Object.entries({ ...process.env, ...env() }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server not healthy in 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
    }
    await db?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('starts the server through the entrypoint from the WORKDIR, in production, serving the station from the default STATION_DIR', async () => {
    expect(workdir).toBe(join(root, 'app', 'server'));
    expect(output).not.toContain('Demo logins');
    const station = await fetch(`http://127.0.0.1:${port}/station`);
    expect(station.status).toBe(200);
    expect(await station.text()).toContain('Plantão station (image layout)');
  });

  it('HEALTHCHECK: the health script exits 0 against it and 1 against nothing', async () => {
    const healthcheck = JSON.parse(/HEALTHCHECK .* CMD (\[.+\])$/m.exec(runtime)![1]!) as string[];
    expect(healthcheck[0]).toBe('node');
    const script = join(root, healthcheck[1]!);
    const healthy = await run('node', [script], { env: { PORT: String(port), HOST: '0.0.0.0' } });
    expect(healthy.stdout).toMatch(/^200 /);
    expect(healthy.code).toBe(0);
    const nothing = await run('node', [script], { env: { PORT: String(await freePort()), HOST: undefined } });
    expect(nothing.code).toBe(1);
  });

  it('`npm run admin -- create-admin` and `npm run backup -- --out` work from the WORKDIR (docker compose exec server …)', async () => {
    const tag = Math.random().toString(16).slice(2, 8);
    const admin = await run(
      'npm',
      ['run', 'admin', '--', 'create-admin', '--tenant', `hosp-${tag}`, '--email', `chefe-${tag}@hospital.example`, '--name', 'Chefe'],
      {
        cwd: workdir,
        env: { ...env(), PLANTAO_ADMIN_PASSWORD: 'enfermagem-plantao-2026' },
      },
    );
    expect(admin.code, admin.stderr).toBe(0);
    const session = await login(`http://127.0.0.1:${port}`, `chefe-${tag}@hospital.example`, 'enfermagem-plantao-2026');
    expect(session.user).toMatchObject({ tenantId: `hosp-${tag}`, role: 'admin' });

    const out = join(root, db.kind === 'sqlite' ? 'backup.db' : 'backup.dump');
    const backup = await run('npm', ['run', 'backup', '--', '--out', out], { cwd: workdir, env: env() });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`backup written: ${out}`);
  });

  it('stops gracefully on SIGTERM (the entrypoint exec-ed the server: the signal reaches it)', async () => {
    const exited = new Promise<number | null>((done) => server!.once('exit', (code) => done(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
