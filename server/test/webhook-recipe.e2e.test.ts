import { execFile } from 'node:child_process';
import type { AlertPayload, ConversationView } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WHATSAPP_APP_SECRET } from '../src/whatsapp/webhook-secret';
import { api, login } from './support/fixtures';
import { readmeBlock } from './support/readme';
import { waitFor } from './support/socket-client';
import { type SpawnedServer, spawnServer } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { textDelivery } from './support/whatsapp';

/** Runs a README bash recipe against `url` (its `http://localhost:3000` replaced), with real bash, openssl and curl. */
function runRecipe(recipe: string, url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = recipe.replaceAll('http://localhost:3000', url);
  return new Promise((done) => {
    execFile('bash', ['-euo', 'pipefail', '-c', script], { timeout: 30_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Reads until `done` holds (the server processes a delivery after answering it). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const RECIPE = readmeBlock('integrator-webhook-recipe');
const DEMO_NURSE = { email: 'enfermeira@plantao.demo', password: 'plantao-enfermagem' };

describe('README webhook recipe against the demo (development, demo data, no WHATSAPP_APP_SECRET)', () => {
  let db: TestDatabase;
  let server: SpawnedServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await spawnServer({
      NODE_ENV: 'development',
      SEED_DEMO: 'true',
      DATABASE_URL: db.url,
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MS: '0',
    });
  });
  afterAll(async () => {
    await server?.terminate();
    await db?.drop();
  });

  it('signs with the demo secret the server announces at start-up', () => {
    expect(RECIPE).toContain(`SECRET=${DEMO_WHATSAPP_APP_SECRET} `);
    expect(server.output()).toContain(`the webhook accepts deliveries signed with the demo secret \\"${DEMO_WHATSAPP_APP_SECRET}\\"`);
  });

  it('is accepted with 200 and becomes a message in Maria’s conversation and a critical alert', async () => {
    const run = await runRecipe(RECIPE, server.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'accepted' });

    const nurse = api(server.url, (await login(server.url, DEMO_NURSE.email, DEMO_NURSE.password)).accessToken);
    // The delivery is stored before the 200 and processed right after it.
    const alerts = await eventually(
      async () => (await nurse.get('/api/alerts')).body as AlertPayload[],
      (a) => a.length > 0,
      'the fever alert',
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        patientId: 'p-maria',
        patientName: 'Maria Aparecida Souza',
        severity: 'critical',
        type: 'critical_symptom',
      }),
    ]);
    const conversations = (await nurse.get('/api/conversations')).body as ConversationView[];
    expect(conversations).toEqual([expect.objectContaining({ patientId: 'p-maria', unidentified: false })]);
    const messages = (await nurse.get(`/api/conversations/${conversations[0]!.id}/messages`)).body as { content: string }[];
    expect(messages.map((m) => m.content)).toEqual(['Estou com febre de 39 graus']);
  });

  it('is refused with 401 when signed with another secret, and the log says why', async () => {
    const run = await runRecipe(RECIPE.replace(`SECRET=${DEMO_WHATSAPP_APP_SECRET}`, 'SECRET=not-the-secret'), server.url);
    expect(run.code).toBe(22); // curl --fail-with-body on an HTTP error
    expect(JSON.parse(run.stdout)).toMatchObject({ statusCode: 401, message: 'Invalid webhook signature' });
    await waitFor(() => server.output().includes('"reason":"bad_signature"'), 'the refusal in the log');
    expect(server.output()).toMatch(/"reason":"bad_signature".*X-Hub-Signature-256 does not match the body/);
  });
});

describe('a production server without WHATSAPP_APP_SECRET', () => {
  let db: TestDatabase;
  let server: SpawnedServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await spawnServer({ NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'info', SWEEP_INTERVAL_MS: '0' });
  });
  afterAll(async () => {
    await server?.terminate();
    await db?.drop();
  });

  it('warns at start-up, refuses every delivery with 401 (even one signed with the demo secret) and logs the reason', async () => {
    expect(server.output()).toContain(
      'WHATSAPP_APP_SECRET is not set: every WhatsApp webhook delivery will be refused with 401 until it is',
    );
    const run = await runRecipe(RECIPE, server.url);
    expect(run.code).toBe(22);
    expect(JSON.parse(run.stdout)).toMatchObject({ statusCode: 401 });
    const unsigned = await fetch(`${server.url}/api/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: textDelivery([{ from: '5511987654321', id: 'wamid.prod-1', body: 'oi' }]),
    });
    expect(unsigned.status).toBe(401);
    await waitFor(() => (server.output().match(/"reason":"not_configured"/g) ?? []).length === 2, 'both refusals in the log');
    expect(server.output()).toMatch(/"reason":"not_configured".*WHATSAPP_APP_SECRET is not set on this server/);
  });
});
