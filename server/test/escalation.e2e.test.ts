import { randomBytes } from 'node:crypto';
import { type AlertPayload, EscalationWebhookBodySchema } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/create-database';
import { EscalationOutbox } from '../src/escalation/escalation-outbox';
import { EscalationService } from '../src/escalation/escalation.service';
import { NoStationWatch } from '../src/escalation/no-station-watch';
import { verifyWebhookSignature } from '../src/escalation/webhook-signature';
import { PresenceService } from '../src/presence/presence.service';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { HttpStandIn, type RecordedRequest } from './support/http-stand-in';
import { ManualClock } from './support/manual-clock';
import { connectStation, record, request, settle, type StationSocket, waitFor } from './support/socket-client';
import { createTestDatabase, REDIS_URL, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const SECRET = 'segredo-do-pager-do-hospital';
const ON_CALL = ['5511988887777', '5511966665555'];

/**
 * Issue #9: escalation of unacknowledged critical alerts, with two instances
 * on one database and one Redis and a controlled clock (the schedulers are
 * off: the test calls the checks on both instances, as their timers would).
 */
describe('escalation: ack timeout, external channels, no station online', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const clock = new ManualClock();
  const pager = new HttpStandIn();
  const meta = new HttpStandIn();
  const sockets: StationSocket[] = [];
  /** Alert id → receipts the server answered `ok` to. */
  const confirmed = new Map<string, number>();
  const env = () => ({
    REDIS_URL,
    ESCALATION_CHECK_MS: '0',
    PRESENCE_HEARTBEAT_MS: '0',
    PRESENCE_CHECK_MS: '0',
    ESCALATION_RETRY_BASE_MS: '1000',
    WHATSAPP_API_BASE_URL: metaUrl,
    WHATSAPP_ACCESS_TOKEN: 'test-cloud-api-token',
  });
  let pagerUrl = '';
  let metaUrl = '';

  /**
   * Both instances run the check, at once on PostgreSQL. On SQLite one after
   * the other: two instances in ONE process on one SQLite file would block
   * each other's event loop in SQLite's busy wait (production SQLite is one
   * instance; several instances need PostgreSQL, README "PostgreSQL and Redis").
   */
  const both = async <T>(run: (server: TestServer) => Promise<T>): Promise<T[]> =>
    db.kind === 'postgres' ? Promise.all([run(a), run(b)]) : [await run(a), await run(b)];
  /** The second station's instance: B on PostgreSQL; on SQLite A too (see `both`). */
  const second = () => (db.kind === 'postgres' ? b : a);
  /** Time passes: the instances' presence heartbeats run as their timers would, so online stations stay online. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await both((s) => s.app.get(PresenceService).heartbeat());
  };
  const checkBoth = async () => (await both((s) => s.app.get(EscalationService).check())).reduce((x, y) => x + y, 0);
  const kickBoth = () => both((s) => s.app.get(EscalationOutbox).kick());
  const pages = () => pager.requests.filter((r) => r.method === 'POST');
  const templates = () => meta.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/messages'));

  async function hospital(settings: Record<string, unknown>): Promise<TenantFixture & { admin: { token: string } }> {
    const t = await seedTenant(db.url);
    const { db: k } = openDatabase(db.url);
    await k
      .updateTable('tenants')
      .set({ whatsapp_phone_number_id: `10${randomBytes(5).readUIntBE(0, 5)}` })
      .where('id', '=', t.tenantId)
      .execute();
    await k.destroy();
    const token = (await login(a.url, t.admin.email)).accessToken;
    const saved = await api(a.url, token).put('/api/tenant/settings', { escalation: settings });
    expect(saved.status).toBe(200);
    return { ...t, admin: { ...t.admin, token } };
  }

  /** A station that confirms receipt of every alert it gets, like the real one. */
  async function station(server: TestServer, t: TenantFixture, name: string, confirm = true): Promise<StationSocket> {
    const token = (await login(server.url, t.nurse.email)).accessToken;
    const socket = await connectStation(server.url, {
      auth: { token, station: { id: `st-${name}-${t.tenantId}`, name, host: `${name}.local`, appVersion: '1.2.3' } },
    });
    if (confirm) {
      socket.on('critical_alert', (alert) =>
        socket.emit('alert_delivered', { alertIds: [alert.id] }, (ack) => {
          if (ack.status === 'ok') confirmed.set(alert.id, (confirmed.get(alert.id) ?? 0) + 1);
        }),
      );
    }
    sockets.push(socket);
    return socket;
  }

  const post = async (t: TenantFixture, overrides: Record<string, unknown> = {}) => {
    const agent = api(a.url, (await login(a.url, t.agent.email)).accessToken);
    const created = await agent.post('/api/alerts', alertBody(t.patients[0]!, overrides));
    expect(created.status).toBe(201);
    return created.body as AlertPayload;
  };

  const audit = async (t: TenantFixture & { admin: { token: string } }, alertId: string) =>
    (await api(a.url, t.admin.token).get(`/api/alerts/${alertId}/audit`)).body as {
      action: string;
      detail?: string;
      stationName?: string;
    }[];

  beforeAll(async () => {
    pagerUrl = await pager.start();
    metaUrl = await meta.start();
    db = await createTestDatabase();
    a = await startTestServer({ databaseUrl: db.url, clock, env: env() });
    b = await startTestServer({ databaseUrl: db.url, clock, env: env() });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await pager.stop();
    await meta.stop();
    await db?.drop();
  });

  it('settings: the order of deadlines, a webhook without its secret and WhatsApp without a template are refused; the secret is never shown', async () => {
    const t = await hospital({});
    const admin = api(a.url, t.admin.token);
    const refused = [
      { ackTimeoutSeconds: 300, externalAfterSeconds: 200 },
      { externalAfterSeconds: 60 },
      { webhookUrl: `${pagerUrl}/page` },
      { onCallNumbers: ['5511999990000'] },
      { onCallNumbers: ['+55 11 9999'] },
      { ackTimeoutSeconds: 1 },
    ];
    for (const escalation of refused) {
      const answer = await admin.put('/api/tenant/settings', { escalation });
      expect(answer.status, JSON.stringify(escalation)).toBe(400);
    }
    const view = (await admin.get('/api/tenant/settings')).body;
    expect(view.escalation).toEqual({
      ackTimeoutSeconds: 120,
      externalAfterSeconds: 300,
      noStationSeconds: 60,
      webhookSecretSet: false,
      onCallNumbers: [],
    });
    await admin.put('/api/tenant/settings', { escalation: { webhookUrl: `${pagerUrl}/page`, webhookSecret: SECRET } });
    const after = (await admin.get('/api/tenant/settings')).body;
    expect(after.escalation).toMatchObject({ webhookUrl: `${pagerUrl}/page`, webhookSecretSet: true });
    expect(JSON.stringify(after)).not.toContain(SECRET);
    const nurse = api(a.url, (await login(a.url, t.nurse.email)).accessToken);
    expect((await nurse.put('/api/tenant/settings', { escalation: { ackTimeoutSeconds: 30 } })).status).toBe(403);
  });

  it('unacknowledged: level 1 at ackTimeoutSeconds to every station, level 2 at externalAfterSeconds through each channel, each exactly once with two instances', async () => {
    const t = await hospital({
      ackTimeoutSeconds: 120,
      externalAfterSeconds: 300,
      webhookUrl: `${pagerUrl}/page`,
      webhookSecret: SECRET,
      onCallNumbers: ON_CALL,
      onCallTemplate: { name: 'plantao_alerta', language: 'pt_BR' },
    });
    const onA = await station(a, t, 'posto-1');
    const onB = await station(second(), t, 'posto-2');
    const escalatedA = record(onA, 'alert_escalated');
    const escalatedB = record(onB, 'alert_escalated');
    const pagesBefore = pages().length;
    const templatesBefore = templates().length;

    const alert = await post(t);
    await waitFor(() => confirmed.get(alert.id) === 2, 'both receipts recorded');
    await advance(119_000);
    expect(await checkBoth()).toBe(0);
    await advance(1_000);
    expect(await checkBoth()).toBe(1);
    await waitFor(() => escalatedA.length === 1 && escalatedB.length === 1, 'level 1 at both stations');
    expect(escalatedA[0]).toMatchObject({ alertId: alert.id, seq: alert.seq, level: 1, reason: 'ack_timeout' });
    await kickBoth();
    expect(pages().length).toBe(pagesBefore);

    await advance(179_000);
    expect(await checkBoth()).toBe(0);
    await advance(1_000);
    expect(await checkBoth()).toBe(1);
    await waitFor(() => escalatedA.length === 2 && escalatedB.length === 2, 'level 2 at both stations');
    expect(escalatedB[1]).toMatchObject({ alertId: alert.id, level: 2, reason: 'external_timeout' });
    await kickBoth();
    expect(await checkBoth()).toBe(0);
    await kickBoth();

    const sent = pages().slice(pagesBefore);
    expect(sent).toHaveLength(1);
    const page = sent[0]!;
    expect(page.url).toBe('/page');
    expect(verifyWebhookSignature(page.body, SECRET, page.headers['x-plantao-signature'] as string)).toBe(true);
    const body = EscalationWebhookBodySchema.parse(JSON.parse(page.body));
    expect(body).toMatchObject({ event: 'alert_escalated', tenantId: t.tenantId, level: 2, reason: 'external_timeout' });
    expect(body.event === 'alert_escalated' && body.alert.id).toBe(alert.id);

    const messages = templates().slice(templatesBefore);
    expect(messages.map((m) => JSON.parse(m.body).to).sort()).toEqual([...ON_CALL].sort());
    const template = JSON.parse(messages[0]!.body);
    expect(template).toMatchObject({ type: 'template', template: { name: 'plantao_alerta', language: { code: 'pt_BR' } } });
    expect(template.template.components[0].parameters[0].text).toContain(t.patients[0]!.name);
    expect(messages[0]!.headers.authorization).toBe('Bearer test-cloud-api-token');

    const trail = await audit(t, alert.id);
    expect(
      trail
        .filter((e) => e.action === 'delivered')
        .map((e) => e.stationName)
        .sort(),
    ).toEqual(['posto-1', 'posto-2']);
    expect(trail.filter((e) => e.action === 'escalated').map((e) => e.detail)).toEqual([
      'level 1: ack_timeout',
      'level 2: external_timeout',
    ]);
    expect(
      trail
        .filter((e) => e.action === 'notified')
        .map((e) => e.detail)
        .sort(),
    ).toEqual([`webhook ${new URL(pagerUrl).host}`, ...ON_CALL.map((n) => `whatsapp +${n}`)].sort());
    const synced = await request(onA, 'sync', { afterSeq: 0 });
    expect(synced.status === 'ok' && synced.alerts.find((x) => x.id === alert.id)).toMatchObject({ escalationLevel: 2, deliveredTo: 2 });
  });

  it('acknowledged in time: no escalation at all, and acknowledging after level 1 stops the chain', async () => {
    const t = await hospital({ webhookUrl: `${pagerUrl}/page`, webhookSecret: SECRET });
    const onA = await station(a, t, 'posto-1');
    const escalated = record(onA, 'alert_escalated');
    const pagesBefore = pages().length;

    const early = await post(t);
    await waitFor(() => confirmed.get(early.id) === 1, 'receipt');
    await advance(60_000);
    expect(await request(onA, 'ack_alert', { alertId: early.id })).toEqual({ status: 'ok' });
    const late = await post(t);
    await waitFor(() => confirmed.get(late.id) === 1, 'receipt');
    await advance(130_000);
    expect(await checkBoth()).toBe(1);
    await waitFor(() => escalated.length === 1, 'level 1 of the late one');
    expect(escalated[0]).toMatchObject({ alertId: late.id, level: 1 });
    expect(await request(onA, 'ack_alert', { alertId: late.id })).toEqual({ status: 'ok' });
    await advance(600_000);
    expect(await checkBoth()).toBe(0);
    await kickBoth();
    await settle();
    expect(escalated).toHaveLength(1);
    expect(pages().length).toBe(pagesBefore);
    expect((await audit(t, early.id)).some((e) => e.action === 'escalated')).toBe(false);
  });

  it('received by no station within 30 s: out through the external channels at once (level 2, not_delivered)', async () => {
    const t = await hospital({ webhookUrl: `${pagerUrl}/page`, webhookSecret: SECRET });
    const silent = await station(a, t, 'congelado', false);
    const escalated = record(silent, 'alert_escalated');
    const pagesBefore = pages().length;
    const alert = await post(t);
    await advance(29_000);
    expect(await checkBoth()).toBe(0);
    await advance(1_000);
    expect(await checkBoth()).toBe(1);
    await kickBoth();
    await waitFor(() => escalated.length === 1, 'stations told');
    expect(escalated[0]).toMatchObject({ alertId: alert.id, level: 2, reason: 'not_delivered' });
    expect(pages().length).toBe(pagesBefore + 1);
  });

  it('a critical alert arriving while no station is online goes out at once; a high one does not', async () => {
    const t = await hospital({ webhookUrl: `${pagerUrl}/page`, webhookSecret: SECRET });
    const pagesBefore = pages().length;
    await post(t, { severity: 'high' });
    const critical = await post(t);
    await waitFor(() => pages().length === pagesBefore + 1, 'page on arrival');
    const body = JSON.parse(pages().at(-1)!.body);
    expect(body).toMatchObject({ event: 'alert_escalated', reason: 'no_station_online', level: 2 });
    expect(body.alert.id).toBe(critical.id);
  });

  it('the webhook is retried on 503 with backoff and survives a restart, delivered once with the same id', async () => {
    const t = await hospital({ webhookUrl: `${pagerUrl}/flaky`, webhookSecret: SECRET });
    let failures = 0;
    pager.respond = (r: RecordedRequest) => (r.url === '/flaky' && failures++ < 2 ? { status: 503, body: {} } : { status: 200, body: {} });
    try {
      const alert = await post(t);
      await waitFor(() => pager.requests.filter((r) => r.url === '/flaky').length === 1, 'first attempt');
      await kickBoth();
      expect(pager.requests.filter((r) => r.url === '/flaky')).toHaveLength(1);

      await a.close();
      await b.close();
      a = await startTestServer({ databaseUrl: db.url, clock, env: env() });
      b = await startTestServer({ databaseUrl: db.url, clock, env: env() });
      await advance(1_000);
      await kickBoth();
      expect(pager.requests.filter((r) => r.url === '/flaky')).toHaveLength(2);
      await advance(1_500);
      await kickBoth();
      expect(pager.requests.filter((r) => r.url === '/flaky')).toHaveLength(2);
      await advance(500);
      await kickBoth();
      await advance(60_000);
      await kickBoth();
      const attempts = pager.requests.filter((r) => r.url === '/flaky');
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((r) => JSON.parse(r.body).id)).size).toBe(1);
      for (const attempt of attempts)
        expect(verifyWebhookSignature(attempt.body, SECRET, attempt.headers['x-plantao-signature'] as string)).toBe(true);
      const admin = api(a.url, (await login(a.url, t.admin.email)).accessToken);
      const trail = (await admin.get(`/api/alerts/${alert.id}/audit`)).body as { action: string }[];
      expect(trail.filter((e) => e.action === 'notified')).toHaveLength(1);
    } finally {
      pager.respond = () => ({ status: 200, body: {} });
    }
  });

  it('no station online for noStationSeconds: one notice, and one "back" when a station returns (two instances)', async () => {
    const t = await hospital({ webhookUrl: `${pagerUrl}/presence`, webhookSecret: SECRET, noStationSeconds: 60 });
    const notices = () => pager.requests.filter((r) => r.url === '/presence').map((r) => JSON.parse(r.body) as { event: string });
    const watch = () => both((s) => s.app.get(NoStationWatch).check());
    await watch();
    await advance(59_000);
    await watch();
    await kickBoth();
    expect(notices()).toHaveLength(0);
    await advance(1_000);
    await watch();
    await watch();
    await kickBoth();
    expect(notices().map((n) => n.event)).toEqual(['no_station_online']);
    await advance(600_000);
    await watch();
    await kickBoth();
    expect(notices()).toHaveLength(1);

    const back = await station(second(), t, 'posto-volta');
    // Online once its row is written, after the connection's replay: not yet at 'connect' (the count is read here, not
    // from the socket's presence_update, which can arrive in the same read as the connect packet, before a listener exists).
    for (let tries = 0; (await second().app.get(PresenceService).count(t.tenantId)) === 0; tries++) {
      if (tries > 250) throw new Error("the returning station's presence row was never written");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await both((s) => s.app.get(PresenceService).heartbeat());
    await watch();
    await watch();
    await kickBoth();
    expect(notices().map((n) => n.event)).toEqual(['no_station_online', 'stations_back']);
    back.close();
    await settle();
    await advance(30_000);
    await watch();
    await kickBoth();
    expect(notices()).toHaveLength(2);
  });
});
