import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HealthResponseSchema } from '@plantao/shared';
import { SignJWT } from 'jose';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/create-database';
import { STATION_CSP } from '../src/station/station-files';
import { MAX_ATTEMPTS as INBOX_MAX_ATTEMPTS, WebhookInboxService } from '../src/whatsapp/webhook-inbox.service';
import { alertBody, api, login, PASSWORD, seedTenant, type TenantFixture } from './support/fixtures';
import { HttpStandIn } from './support/http-stand-in';
import { ManualClock } from './support/manual-clock';
import { connectStation, waitFor } from './support/socket-client';
import { SERVER_ENTRY, spawnServer, TEST_JWT_SECRET } from './support/spawn-server';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';
import { PHONE_NUMBER_ID, postWebhook, sign, textDelivery } from './support/whatsapp';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SERVER_VERSION = (JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8')) as { version: string }).version;
const PATIENT_PHONE = '5511912345678';

/** Reads until `done` holds of what was read (bounded, like waitFor): for effects that happen after the answer. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the expected state');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One sample of the Prometheus text format, by name and exact label set (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(got).length && wanted.every(([k, v]) => got[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('observability: /health, metrics, security headers, /metrics access', () => {
  let db: TestDatabase;
  let server: TestServer;
  let meta: HttpStandIn;
  let triageAgent: HttpStandIn;
  let clock: ManualClock;
  let t: TenantFixture;
  let stationDir: string;
  let agent: ReturnType<typeof api>;
  let nurse: ReturnType<typeof api>;
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  const metric = async (name: string, labels: Record<string, string> = {}) => sample(await scrape(), name, labels);
  const health = async () => {
    const response = await fetch(`${server.url}/health`);
    return { status: response.status, body: HealthResponseSchema.parse(await response.json()) };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    meta = new HttpStandIn();
    triageAgent = new HttpStandIn();
    triageAgent.respond = () => ({ status: 500, body: {} });
    clock = new ManualClock();
    stationDir = mkdtempSync(join(tmpdir(), 'plantao-obs-station-'));
    writeFileSync(join(stationDir, 'index.html'), '<!doctype html><title>station</title>');
    server = await startTestServer({
      databaseUrl: db.url,
      clock,
      env: {
        WHATSAPP_APP_SECRET: 'obs-app-secret',
        WHATSAPP_API_BASE_URL: await meta.start(),
        WHATSAPP_ACCESS_TOKEN: 'meta-token-123',
        OUTBOUND_MAX_ATTEMPTS: '3',
        // A failed send waits 10 minutes for its retry: it stays pending while the test looks.
        OUTBOUND_RETRY_BASE_MS: '600000',
        SWEEP_INTERVAL_MS: '0',
        TRIAGE_AGENT_URL: `${await triageAgent.start()}/triage`,
        TRIAGE_AGENT_TIMEOUT_MS: '200',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '2',
        STATION_DIR: stationDir,
      },
    });
    t = await seedTenant(db.url);
    const adminToken = (await login(server.url, t.admin.email)).accessToken;
    expect(
      (await api(server.url, adminToken).post('/api/patients', { id: 'jose', name: 'José Pereira', phone: PATIENT_PHONE })).status,
    ).toBe(201);
    meta.respond = ({ url }) => ({ status: 200, body: { id: url.slice(1) } }); // the number's owner check
    expect((await api(server.url, adminToken).put('/api/tenant/settings', { whatsappPhoneNumberId: PHONE_NUMBER_ID })).status).toBe(200);
    agent = api(server.url, (await login(server.url, t.agent.email)).accessToken);
    nurse = api(server.url, (await login(server.url, t.nurse.email)).accessToken);
  });
  afterAll(async () => {
    await server?.close();
    await meta?.stop();
    await triageAgent?.stop();
    await db?.drop();
    if (stationDir) rmSync(stationDir, { recursive: true, force: true });
  });

  it('reports the version and both WhatsApp queues on /health', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      version: SERVER_VERSION,
      db: 'up',
      dbKind: db.kind,
      redis: 'disabled',
      inbox: { pending: 0, failed: 0, oldestPendingAgeSeconds: null },
      outbound: { pending: 0, failed: 0, oldestPendingAgeSeconds: null },
    });
  });

  it('counts webhook deliveries accepted and rejected by reason, and shows the inbox backlog on /health', async () => {
    const before = await scrape();
    const delivery = textDelivery([{ from: PATIENT_PHONE, id: 'wamid.obs-1', body: 'bom dia, estou bem' }]);
    expect((await postWebhook(server.url, delivery, sign(delivery, 'obs-app-secret'))).status).toBe(200);
    expect((await postWebhook(server.url, delivery, sign(delivery, 'not-the-secret'))).status).toBe(401);
    // Well-formed JSON, not a WhatsApp envelope (malformed JSON never reaches the route: body-parser answers 400 first).
    const notAnEnvelope = JSON.stringify({ object: 'whatsapp_business_account', entry: 'not a list' });
    expect((await postWebhook(server.url, notAnEnvelope, sign(notAnEnvelope, 'obs-app-secret'))).status).toBe(400);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels)! - sample(before, name, labels)!;
    expect(delta('plantao_whatsapp_webhook_accepted_total')).toBe(1);
    expect(delta('plantao_whatsapp_webhook_rejected_total', { reason: 'signature' })).toBe(1);
    expect(delta('plantao_whatsapp_webhook_rejected_total', { reason: 'malformed' })).toBe(1);
    expect(delta('plantao_whatsapp_webhook_rejected_total', { reason: 'error' })).toBe(0);

    // The delivery was processed: nothing is waiting.
    await server.app.get(WebhookInboxService).idle();
    expect((await health()).body.inbox).toEqual({ pending: 0, failed: 0, oldestPendingAgeSeconds: null });

    // What a crash mid-processing and a delivery given up on leave behind (the sweep is off here).
    const { db: direct } = openDatabase(db.url);
    try {
      const row = { body: '{}', processed_at: null, last_error: 'database unavailable' };
      await direct
        .insertInto('webhook_inbox')
        .values([
          { ...row, id: 'sha256:obs-waiting', received_at: clock.isoNow(), attempts: 2 },
          { ...row, id: 'sha256:obs-given-up', received_at: clock.isoNow(), attempts: INBOX_MAX_ATTEMPTS },
        ])
        .execute();
    } finally {
      await direct.destroy();
    }
    clock.advance(120_000);
    const { status, body } = await health();
    expect(status).toBe(200); // a backlog is reported, not an outage
    expect(body.inbox).toMatchObject({ pending: 1, failed: 1 });
    expect(body.inbox!.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(body.inbox!.oldestPendingAgeSeconds).toBeLessThan(180);
  });

  it('counts failed WhatsApp sends (retry, then failed) and shows the outbound backlog on /health', async () => {
    const ingest = await agent.post('/api/conversations/messages', {
      messageId: 'obs-m-1',
      conversationId: 'conv-obs',
      patientId: 'jose',
      content: 'bom dia',
      sender: 'patient',
    });
    expect(ingest.status).toBe(201);
    const retries = (await metric('plantao_whatsapp_outbound_failures_total', { outcome: 'retry' }))!;
    const failures = (await metric('plantao_whatsapp_outbound_failures_total', { outcome: 'failed' }))!;

    meta.respond = () => ({ status: 503, body: { error: { message: 'temporarily unavailable' } } });
    expect((await nurse.post('/api/conversations/conv-obs/reply', { content: 'Já vamos ligar.' })).status).toBe(201);
    let text = await eventually(scrape, (now) => sample(now, 'plantao_whatsapp_outbound_failures_total', { outcome: 'retry' }) !== retries);
    expect(sample(text, 'plantao_whatsapp_outbound_failures_total', { outcome: 'retry' })).toBe(retries + 1);
    expect(sample(text, 'plantao_whatsapp_outbound_failures_total', { outcome: 'failed' })).toBe(failures);
    clock.advance(60_000);
    const pending = (await health()).body.outbound!;
    expect(pending).toMatchObject({ pending: 1, failed: 0 });
    expect(pending.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(60);
    expect(pending.oldestPendingAgeSeconds).toBeLessThan(120);

    meta.respond = () => ({ status: 400, body: { error: { message: 'recipient not allowed' } } });
    expect((await nurse.post('/api/conversations/conv-obs/reply', { content: 'Pode nos ligar?' })).status).toBe(201);
    text = await eventually(scrape, (now) => sample(now, 'plantao_whatsapp_outbound_failures_total', { outcome: 'failed' }) !== failures);
    expect(sample(text, 'plantao_whatsapp_outbound_failures_total', { outcome: 'failed' })).toBe(failures + 1);
    expect((await health()).body.outbound).toMatchObject({ pending: 1, failed: 1 });
  });

  it('counts triage-agent fallbacks by reason (error, timeout)', async () => {
    const post = (id: string, content: string) =>
      agent.post('/api/conversations/messages', {
        messageId: id,
        conversationId: 'conv-triage',
        patientId: 'p-triage',
        content,
        sender: 'patient',
      });
    const errors = (await metric('plantao_triage_agent_fallbacks_total', { reason: 'error' }))!;
    const timeouts = (await metric('plantao_triage_agent_fallbacks_total', { reason: 'timeout' }))!;
    triageAgent.respond = () => ({ status: 500, body: {} });
    expect((await post('obs-t-1', 'estou bem')).body.triage).toMatchObject({ decidedBy: 'rules' });
    triageAgent.respond = () => new Promise((done) => setTimeout(() => done({ status: 200, body: { severity: 'none' } }), 1000));
    expect((await post('obs-t-2', 'estou bem hoje')).body.triage).toMatchObject({ decidedBy: 'rules' });
    triageAgent.respond = () => ({ status: 200, body: { severity: 'none', symptom: 'none', evidence: '' } });
    const text = await scrape();
    expect(sample(text, 'plantao_triage_agent_fallbacks_total', { reason: 'error' })).toBe(errors + 1);
    expect(sample(text, 'plantao_triage_agent_fallbacks_total', { reason: 'timeout' })).toBe(timeouts + 1);
  });

  it('counts failed sign-ins by reason, never by e-mail', async () => {
    const wrong = (email: string) => api(server.url).post('/api/auth/login', { email, password: `${PASSWORD}-wrong` });
    const before = await scrape();
    expect((await wrong(t.nurse2.email)).status).toBe(401);
    expect((await wrong(t.nurse2.email)).status).toBe(401);
    expect((await wrong(t.nurse2.email)).status).toBe(429); // LOGIN_MAX_FAILURES_PER_ACCOUNT=2
    expect((await wrong('nobody@test.plantao')).status).toBe(401);
    const after = await scrape();
    const delta = (reason: string) =>
      sample(after, 'plantao_failed_logins_total', { reason })! - sample(before, 'plantao_failed_logins_total', { reason })!;
    expect(delta('invalid_credentials')).toBe(3);
    expect(delta('throttled')).toBe(1);
    expect(after).not.toContain(t.nurse2.email);
    expect(after).not.toContain('nobody@test.plantao');
  });

  it('counts refused socket handshakes by reason', async () => {
    const refusal = (auth: Record<string, unknown>) =>
      connectStation(server.url, { auth }).then(
        (socket) => {
          socket.close();
          return 'connected';
        },
        (error: Error) => error.message,
      );
    const expired = await new SignJWT({ tenantId: t.tenantId, role: 'nurse' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(t.nurse.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const before = await scrape();
    expect(await refusal({})).toBe('unauthorized');
    expect(await refusal({ token: 'not.a.jwt' })).toBe('unauthorized');
    expect(await refusal({ token: 'not.a.jwt-either' })).toBe('unauthorized');
    expect(await refusal({ token: expired })).toBe('token_expired');
    const after = await scrape();
    const delta = (reason: string) =>
      sample(after, 'plantao_socket_handshakes_refused_total', { reason })! -
      sample(before, 'plantao_socket_handshakes_refused_total', { reason })!;
    expect(delta('invalid_auth')).toBe(1);
    expect(delta('unauthorized')).toBe(2);
    expect(delta('token_expired')).toBe(1);
  });

  it('exports the age of the oldest unacknowledged critical alert per tenant, from the clock, back to 0 on ack', async () => {
    const u = await seedTenant(db.url);
    const age = async () => metric('plantao_oldest_unacknowledged_critical_alert_age_seconds', { tenant: u.tenantId });
    expect(await age()).toBe(0);
    const uAgent = api(server.url, (await login(server.url, u.agent.email)).accessToken);
    const critical = await uAgent.post('/api/alerts', alertBody(u.patients[0]!, { severity: 'critical' }));
    expect(critical.status).toBe(201);
    clock.advance(60_000);
    await uAgent.post('/api/alerts', alertBody(u.patients[1]!, { severity: 'critical', message: 'Dor no peito' }));
    await uAgent.post('/api/alerts', alertBody(u.patients[1]!, { severity: 'high', message: 'Náusea' }));
    clock.advance(240_000);
    const oldest = (await age())!;
    expect(oldest).toBeGreaterThanOrEqual(300);
    expect(oldest).toBeLessThan(360);

    const uNurse = api(server.url, (await login(server.url, u.nurse.email)).accessToken);
    expect((await uNurse.post(`/api/alerts/${critical.body.id as string}/ack`)).status).toBeLessThan(300);
    const next = (await age())!;
    expect(next).toBeGreaterThanOrEqual(240); // the second critical alert is now the oldest waiting
    expect(next).toBeLessThan(300);
    const alerts = (await uNurse.get('/api/alerts?afterSeq=0')).body as { id: string; severity: string }[];
    for (const alert of alerts.filter((a) => a.severity === 'critical')) await uNurse.post(`/api/alerts/${alert.id}/ack`);
    expect(await age()).toBe(0);
  });

  it('sends security headers and no X-Powered-By, keeping the station page CSP', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('strict-transport-security')).toBeNull(); // production only
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const station = await fetch(`${server.url}/station`);
    expect(station.status).toBe(200);
    expect(station.headers.get('content-security-policy')).toBe(STATION_CSP);
    expect(station.headers.get('x-powered-by')).toBeNull();
  });

  it('lets Swagger UI at /api/docs render under the CSP (real Chromium, no violation)', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });
      const response = await page.goto(`${server.url}/api/docs`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
      expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Plantão');
      await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('closes /metrics in production: 401 without the METRICS_TOKEN bearer, 200 with it; HSTS on', async () => {
    const production = await startTestServer({ databaseUrl: db.url, env: { NODE_ENV: 'production', METRICS_TOKEN: 'scrape-token-0123' } });
    try {
      const none = await fetch(`${production.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect(await none.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect((await fetch(`${production.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${production.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('plantao_failed_logins_total');
      expect(ok.headers.get('strict-transport-security')).toBe('max-age=15552000');
    } finally {
      await production.close();
    }
  });

  it('in production without METRICS_TOKEN, /metrics answers 401 to everyone unless METRICS_PUBLIC=true', async () => {
    const closed = await startTestServer({ databaseUrl: db.url, env: { NODE_ENV: 'production' } });
    try {
      expect((await fetch(`${closed.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${closed.url}/metrics`, { headers: { authorization: 'Bearer anything' } })).status).toBe(401);
    } finally {
      await closed.close();
    }
    const open = await startTestServer({ databaseUrl: db.url, env: { NODE_ENV: 'production', METRICS_PUBLIC: 'true' } });
    try {
      expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

/** Runs the compiled server to the end (it is expected to fail at start-up) and returns what it wrote. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const parsed = (text: string) => lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logs: every line JSON, warnings for refused handshakes and station disconnects, short request lines', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'plantao-obs-data-'));
    mkdirSync(dataDir, { recursive: true });
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a configuration error as one JSON line on stderr and exits 1', async () => {
    const { code, stdout, stderr } = await runToExit({ PORT: 'not-a-port', DATABASE_URL: `sqlite:${join(dataDir, 'never.db')}` });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(lines(stderr)).toHaveLength(1);
    const line = JSON.parse(stderr) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 60, code: 'invalid_configuration' });
    expect(line.msg).toContain('PORT');
  });

  it('writes only JSON when the database is unreachable at start-up, and exits 1', async () => {
    const { code, stdout, stderr } = await runToExit({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable', LOG_LEVEL: 'info' });
    expect(code).toBe(1);
    expect(() => parsed(stdout)).not.toThrow();
    expect(parsed(stderr)).toEqual([
      expect.objectContaining({ level: 60, err: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }) }),
    ]);
  });

  it('logs a refused handshake and a station disconnect as warnings, and requests without headers or query', async () => {
    const proc = await spawnServer({ DATABASE_URL: db.url, LOG_LEVEL: 'info', SWEEP_INTERVAL_MS: '0' });
    const t = await seedTenant(db.url);
    const bogus = 'eyJhbGciOiJIUzI1NiJ9.bogus-token-that-must-not-be-logged.c2ln';
    let accessToken: string | undefined;
    try {
      await expect(connectStation(proc.url, { auth: { token: bogus } })).rejects.toThrow('unauthorized');
      const session = await login(proc.url, t.nurse.email);
      accessToken = session.accessToken;
      const station = await connectStation(proc.url, { auth: { token: session.accessToken } });
      station.disconnect();
      const listed = await fetch(`${proc.url}/api/alerts?afterSeq=0&secret=query-value-that-must-not-be-logged`, {
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          cookie: 'session=cookie-that-must-not-be-logged',
          'x-request-id': 'req-obs-1',
        },
      });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('x-request-id')).toBe('req-obs-1');
      await waitFor(() => proc.output().includes('station disconnected') && proc.output().includes('"req-obs-1"'), 'log lines');
    } finally {
      await proc.terminate();
    }
    const output = proc.output();
    const entries = parsed(output); // throws on any line that is not JSON
    expect(entries.length).toBeGreaterThan(5);

    const refused = entries.find((e) => e.msg === 'socket handshake refused');
    expect(refused).toMatchObject({ level: 40, reason: 'unauthorized', address: '127.0.0.1' });
    const disconnected = entries.find((e) => e.msg === 'station disconnected');
    expect(disconnected).toMatchObject({ level: 40, reason: 'client namespace disconnect', userId: t.nurse.id, tenantId: t.tenantId });

    const request = entries.find((e) => (e.req as { id?: string } | undefined)?.id === 'req-obs-1')!;
    expect(request).toMatchObject({
      level: 30,
      req: { id: 'req-obs-1', method: 'GET', url: '/api/alerts?[redacted]' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      tenantId: t.tenantId,
      userId: t.nurse.id,
    });
    expect(Object.keys(request.req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(request.res as object)).toEqual(['statusCode']);

    for (const secret of ['bogus-token-that-must-not-be-logged', 'query-value-that-must-not-be-logged', 'cookie-that-must-not-be-logged']) {
      expect(output).not.toContain(secret);
    }
    expect(accessToken).toBeDefined();
    expect(output).not.toContain(accessToken!);
    expect(output).not.toContain('"headers"');
  });
});
