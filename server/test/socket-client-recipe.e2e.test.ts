import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from './support/fixtures';
import { readmeBlock } from './support/readme';
import { waitFor } from './support/socket-client';
import { type SpawnedServer, spawnServer } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const CLIENT = readmeBlock('integrator-socket-client');
const DEMO_AGENT = { email: 'agente@plantao.demo', password: 'plantao-agente' };

/** socket.io-client's ESM build, so the README's `import { io } from 'socket.io-client'` runs from a temp folder. */
function socketIoClientUrl(): string {
  const packageJson = createRequire(resolve(__dirname, 'index.js')).resolve('socket.io-client/package.json');
  return pathToFileURL(join(dirname(packageJson), 'build/esm/index.js')).href;
}

describe("README's ten-line station against the demo (tokens of 5 s, so the server disconnects it twice or more)", () => {
  let db: TestDatabase;
  let server: SpawnedServer;
  let dir: string;
  let client: ChildProcess | undefined;
  let printed = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await spawnServer({
      NODE_ENV: 'development',
      SEED_DEMO: 'true',
      DATABASE_URL: db.url,
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MS: '0',
      ACCESS_TOKEN_TTL_SECONDS: '5',
    });
    dir = mkdtempSync(join(tmpdir(), 'plantao-readme-client-'));
  });
  afterAll(async () => {
    client?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await server?.terminate();
    await db?.drop();
  });

  const postAlert = async (n: number) => {
    // The agent's token lives 5 s too: a fresh one per alert.
    const agent = api(server.url, (await login(server.url, DEMO_AGENT.email, DEMO_AGENT.password)).accessToken);
    const posted = await agent.post('/api/alerts', {
      patientId: 'p-jose',
      patientName: 'José Carlos Pereira',
      type: 'vital_signs',
      severity: 'high',
      message: `PA ${n}`,
    });
    expect(posted.status).toBe(201);
    return posted.body.seq as number;
  };
  const printedSeqs = () => printed.split('\n').flatMap((line) => (/^\d+ /.test(line) ? [Number(line.split(' ')[0])] : []));
  const count = (text: string) => server.output().split(text).length - 1;

  it('prints every alert once, in order, across server disconnects (reconnect, refresh, lastSeq replay)', async () => {
    expect(CLIENT.trim().split('\n').length).toBeLessThanOrEqual(10);
    const file = join(dir, 'station.mjs');
    writeFileSync(file, CLIENT.replace("'socket.io-client'", `'${socketIoClientUrl()}'`).replaceAll('http://localhost:3000', server.url));
    client = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    client.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    client.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));

    const seqs = [await postAlert(1)];
    await waitFor(() => printedSeqs().includes(seqs[0]!), 'the first alert printed', 20_000);
    // Keep alerts coming until the server has closed the client's socket at token expiry at least twice:
    // some land while it is disconnected and can only arrive through the lastSeq replay.
    for (let n = 2; count('token expired; disconnecting station') < 2 || n < 4; n++) {
      seqs.push(await postAlert(n));
      await new Promise((r) => setTimeout(r, 500));
      if (n > 60) throw new Error(`the server never disconnected the client:\n${server.output().slice(-2000)}`);
    }
    seqs.push(await postAlert(seqs.length + 1));
    await waitFor(() => printedSeqs().includes(seqs.at(-1)!), 'the last alert printed', 20_000);

    expect(printedSeqs()).toEqual(seqs);
    expect(printed).toContain('high José Carlos Pereira PA 1');
    // It came back by itself after each server-side close.
    expect(count('station connected')).toBeGreaterThanOrEqual(3);
    expect(client.exitCode).toBeNull();
  });
});
