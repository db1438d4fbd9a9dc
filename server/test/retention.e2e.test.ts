import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/common/clock';
import { openDatabase } from '../src/db/create-database';
import { RetentionService } from '../src/retention/retention.service';
import { alertBody, api, login, seedTenant, type TenantFixture } from './support/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const DAY = 86_400_000;

/** The server's clock, stopped: the purge's "now" is exactly what the test says. */
class StoppedClock extends Clock {
  constructor(public at: number) {
    super();
  }
  now(): number {
    return this.at;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Issue #11: retention purges exactly what is past each hospital's window
 * (boundary: a row exactly `days` old is kept, 1 ms older is purged), in
 * batches, with reads, audit and outbound copies, never an unacknowledged
 * critical alert, and nothing of another hospital.
 */
describe('retention: the purge deletes exactly what is past the tenant window', () => {
  let db: TestDatabase;
  let server: TestServer;
  let handle: ReturnType<typeof openDatabase>;
  const clock = new StoppedClock(Math.floor(Date.now() / 1000) * 1000);
  // Tenant A uses the server default (30 days), B keeps everything, C has its own 7 days.
  let a: TenantFixture;
  let b: TenantFixture;
  let c: TenantFixture;
  const cutoffA = () => clock.at - 30 * DAY;
  const cutoffC = () => clock.at - 7 * DAY;

  const agentOf = async (t: TenantFixture) => api(server.url, (await login(server.url, t.agent.email)).accessToken);
  const nurseOf = async (t: TenantFixture) => api(server.url, (await login(server.url, t.nurse.email)).accessToken);
  const adminOf = async (t: TenantFixture) => api(server.url, (await login(server.url, t.admin.email)).accessToken);

  /** A neutral patient message (no symptom, so triage raises nothing) stamped at `at`. */
  const postMessage = async (t: TenantFixture, id: string, at: number) => {
    const agent = await agentOf(t);
    const response = await agent.post('/api/conversations/messages', {
      messageId: id,
      conversationId: `conv-${t.tenantId}`,
      patientId: t.patients[0]!.id,
      content: 'bom dia, estou bem, obrigado',
      sender: 'patient',
      timestamp: iso(at),
    });
    expect(response.status).toBe(201);
  };

  /** An alert through the API (read or acknowledged by a nurse when asked), then aged to `at` in the database. */
  const postAlert = async (t: TenantFixture, severity: string, at: number, opts: { read?: boolean; ack?: boolean } = {}) => {
    const created = await (await agentOf(t)).post('/api/alerts', alertBody(t.patients[0]!, { severity }));
    expect(created.status).toBe(201);
    const nurse = await nurseOf(t);
    if (opts.read) expect((await nurse.post(`/api/alerts/${created.body.id}/read`)).status).toBeLessThan(300);
    if (opts.ack) expect((await nurse.post(`/api/alerts/${created.body.id}/ack`)).status).toBeLessThan(300);
    await handle.db
      .updateTable('alerts')
      .set({ created_at: iso(at) })
      .where('id', '=', created.body.id)
      .execute();
    return created.body.id as string;
  };

  const messageIds = async (t: TenantFixture) =>
    (await handle.db.selectFrom('messages').select('id').where('tenant_id', '=', t.tenantId).orderBy('id').execute()).map((r) => r.id);
  const alertIds = async (t: TenantFixture) =>
    (await handle.db.selectFrom('alerts').select('id').where('tenant_id', '=', t.tenantId).execute()).map((r) => r.id).sort();
  const auditRows = async (alertId: string) =>
    (await handle.db.selectFrom('alert_audit').select('id').where('alert_id', '=', alertId).execute()).length;
  const readRows = async (alertId: string) =>
    (await handle.db.selectFrom('alert_reads').select('user_id').where('alert_id', '=', alertId).execute()).length;

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({
      databaseUrl: db.url,
      clock,
      // Batches of 2: the purge below needs several transactions per tenant.
      env: { RETENTION_DAYS: '30', RETENTION_BATCH_SIZE: '2', RETENTION_PURGE_INTERVAL_MS: '0', SWEEP_INTERVAL_MS: '0' },
    });
    handle = openDatabase(db.url);
    [a, b, c] = [await seedTenant(db.url), await seedTenant(db.url), await seedTenant(db.url)];
    expect((await (await adminOf(b)).put('/api/tenant/settings', { retentionDays: 0 })).status).toBe(200);
    expect((await (await adminOf(c)).put('/api/tenant/settings', { retentionDays: 7 })).status).toBe(200);

    // A: four messages past the window (two batches and a bit), the boundary itself, and newer ones.
    for (const [id, at] of [
      ['a-old-1', cutoffA() - 40 * DAY],
      ['a-old-2', cutoffA() - 2 * DAY],
      ['a-old-3', cutoffA() - 60_000],
      ['a-old-4', cutoffA() - 1],
      ['a-boundary', cutoffA()],
      ['a-new-1', cutoffA() + 1],
      ['a-new-2', clock.at - DAY],
    ] as const) {
      await postMessage(a, id, at);
    }
    // B keeps everything, even what is far older than A's window; C's own window is 7 days.
    for (const [id, at] of [
      ['b-old-1', cutoffA() - 40 * DAY],
      ['b-old-2', cutoffA() - 1],
    ] as const) {
      await postMessage(b, id, at);
    }
    for (const [id, at] of [
      ['c-old', cutoffC() - 1],
      ['c-boundary', cutoffC()],
      ['c-new', cutoffC() + 1],
    ] as const) {
      await postMessage(c, id, at);
    }

    // A's outbound WhatsApp copies of a purged message and of a kept one.
    for (const messageId of ['a-old-4', 'a-new-1']) {
      const row = await handle.db.selectFrom('messages').select('conversation_id').where('id', '=', messageId).executeTakeFirstOrThrow();
      await handle.db
        .insertInto('outbound_messages')
        .values({
          id: `out-${messageId}`,
          tenant_id: a.tenantId,
          message_id: messageId,
          conversation_id: row.conversation_id,
          to_phone: '5511987654321',
          body: 'resposta da enfermagem',
          status: 'sent',
          attempts: 1,
          next_attempt_at: iso(clock.at),
          last_error: null,
          provider_message_id: null,
          created_at: iso(clock.at),
          updated_at: iso(clock.at),
        })
        .execute();
    }

    ids.aReadHigh = await postAlert(a, 'high', cutoffA() - 1, { read: true });
    ids.aAckedCritical = await postAlert(a, 'critical', cutoffA() - 10 * DAY, { read: true, ack: true });
    ids.aOpenCritical = await postAlert(a, 'critical', cutoffA() - 10 * DAY, { read: true });
    ids.aOldLow1 = await postAlert(a, 'low', cutoffA() - 20 * DAY);
    ids.aOldMedium = await postAlert(a, 'medium', cutoffA() - 5 * DAY, { read: true });
    ids.aBoundary = await postAlert(a, 'medium', cutoffA(), { read: true });
    ids.aNew = await postAlert(a, 'high', cutoffA() + 1);
    ids.bOld = await postAlert(b, 'high', cutoffA() - 10 * DAY, { read: true, ack: true });
    ids.cOld = await postAlert(c, 'high', cutoffC() - 1, { read: true });
    ids.cBoundary = await postAlert(c, 'high', cutoffC());
  });

  afterAll(async () => {
    await handle?.db.destroy();
    await server?.close();
    await db?.drop();
  });

  it('shows the setting to the admin and refuses a window shorter than 7 days, changing nothing', async () => {
    const adminC = await adminOf(c);
    expect((await adminC.get('/api/tenant/settings')).body).toMatchObject({ retentionDays: 7, effectiveRetentionDays: 7 });
    expect((await (await adminOf(a)).get('/api/tenant/settings')).body).toMatchObject({ retentionDays: null, effectiveRetentionDays: 30 });
    expect((await (await adminOf(b)).get('/api/tenant/settings')).body).toMatchObject({ retentionDays: 0, effectiveRetentionDays: 0 });
    for (const bad of [3, -1, 7.5, 7301, '30']) {
      const refused = await adminC.put('/api/tenant/settings', { retentionDays: bad, noResponseHours: 9 });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain('retentionDays');
    }
    expect((await adminC.get('/api/tenant/settings')).body).toMatchObject({ retentionDays: 7, noResponseHours: 4 });
    // A nurse may not change it.
    expect((await (await nurseOf(c)).put('/api/tenant/settings', { retentionDays: 0 })).status).toBe(403);
  });

  it('purges exactly what is past each window, in batches, and nothing of another hospital', async () => {
    const run = await server.app.get(RetentionService).purgeAll();

    expect(run.tenants.map((t) => t.tenantId).sort()).toEqual([a.tenantId, c.tenantId].sort());
    const purgeA = run.tenants.find((t) => t.tenantId === a.tenantId)!;
    expect(purgeA).toEqual({
      tenantId: a.tenantId,
      retentionDays: 30,
      cutoff: iso(cutoffA()),
      messages: 4,
      outboundMessages: 1,
      alerts: 4,
      alertReads: 3,
      alertAudit: 4,
    });
    expect(run.tenants.find((t) => t.tenantId === c.tenantId)).toMatchObject({ retentionDays: 7, messages: 1, alerts: 1 });

    expect(await messageIds(a)).toEqual(['a-boundary', 'a-new-1', 'a-new-2']);
    expect(await messageIds(b)).toEqual(['b-old-1', 'b-old-2']);
    expect(await messageIds(c)).toEqual(['c-boundary', 'c-new']);
    const outbound = await handle.db.selectFrom('outbound_messages').select('id').where('tenant_id', '=', a.tenantId).execute();
    expect(outbound.map((r) => r.id)).toEqual(['out-a-new-1']);

    expect(await alertIds(a)).toEqual([ids.aOpenCritical, ids.aBoundary, ids.aNew].sort());
    expect(await alertIds(b)).toEqual([ids.bOld]);
    expect(await alertIds(c)).toEqual([ids.cBoundary]);
    for (const gone of [ids.aReadHigh, ids.aAckedCritical, ids.aOldLow1, ids.aOldMedium, ids.cOld]) {
      expect(await readRows(gone!)).toBe(0);
      expect(await auditRows(gone!)).toBe(0);
    }
    // What is kept keeps its trail.
    expect(await readRows(ids.aOpenCritical!)).toBe(1);
    expect(await auditRows(ids.aBoundary!)).toBe(1);
    expect(await auditRows(ids.bOld!)).toBe(2);

    // The API agrees: the hospital's alert log and conversation no longer hold the purged rows.
    const nurse = await nurseOf(a);
    const listed = (await nurse.get('/api/alerts?afterSeq=0&limit=100')).body as { id: string }[];
    expect(listed.map((x) => x.id).sort()).toEqual([ids.aOpenCritical, ids.aBoundary, ids.aNew].sort());
    const messages = (await nurse.get(`/api/conversations/conv-${a.tenantId}/messages`)).body as { id: string }[];
    expect(messages.map((m) => m.id).sort()).toEqual(['a-boundary', 'a-new-1', 'a-new-2']);

    // A second run finds nothing more.
    const again = await server.app.get(RetentionService).purgeAll();
    expect(again.tenants.every((t) => t.messages === 0 && t.alerts === 0)).toBe(true);
  });

  it('purges an old critical alert once a nurse acknowledges it', async () => {
    expect((await (await nurseOf(a)).post(`/api/alerts/${ids.aOpenCritical}/ack`)).status).toBeLessThan(300);
    // Escalation pages copy the alert's text (issue #9): they go with it.
    const page = (id: string, alertId: string) => ({
      id,
      tenant_id: a.tenantId,
      alert_id: alertId,
      channel: 'webhook' as const,
      target: 'https://pager.example/plantao',
      body: '{"alert":{"patientName":"Maria"}}',
      status: 'sent' as const,
      attempts: 1,
      next_attempt_at: iso(clock.now()),
      last_error: null,
      created_at: iso(clock.now()),
      updated_at: iso(clock.now()),
    });
    await handle.db
      .insertInto('escalation_outbox')
      .values([page(`page-old-${a.tenantId}`, ids.aOpenCritical!), page(`page-new-${a.tenantId}`, ids.aNew!)])
      .execute();
    const run = await server.app.get(RetentionService).purgeAll();
    expect(run.tenants.find((t) => t.tenantId === a.tenantId)).toMatchObject({ alerts: 1, alertReads: 1, alertAudit: 2 });
    expect(await alertIds(a)).toEqual([ids.aBoundary, ids.aNew].sort());
    const pages = await handle.db.selectFrom('escalation_outbox').select('id').where('tenant_id', '=', a.tenantId).execute();
    expect(pages.map((p) => p.id)).toEqual([`page-new-${a.tenantId}`]);
  });

  it('moves with the clock: a day later the boundary rows are past the window', async () => {
    clock.at += DAY;
    const run = await server.app.get(RetentionService).purgeAll();
    expect(run.tenants.find((t) => t.tenantId === a.tenantId)).toMatchObject({ messages: 2, alerts: 2 });
    expect(run.tenants.find((t) => t.tenantId === c.tenantId)).toMatchObject({ messages: 2, alerts: 1 });
    expect(await messageIds(a)).toEqual(['a-new-2']);
    expect(await messageIds(c)).toEqual([]);
    expect(await alertIds(c)).toEqual([]);
    expect(await messageIds(b)).toEqual(['b-old-1', 'b-old-2']);
    expect(await alertIds(b)).toEqual([ids.bOld]);
  });

  it('drops processed webhook deliveries after 7 days, whatever the tenant window, and keeps unprocessed ones', async () => {
    const inbox = (id: string, receivedAt: number, processedAt: number | null) => ({
      id: `sha256:${id}`,
      body: '{"object":"whatsapp_business_account","entry":[]}',
      received_at: iso(receivedAt),
      processed_at: processedAt === null ? null : iso(processedAt),
      attempts: processedAt === null ? 10 : 1,
      last_error: processedAt === null ? 'gave up' : null,
    });
    const keep = clock.at - 7 * DAY;
    await handle.db
      .insertInto('webhook_inbox')
      .values([
        inbox('old-processed', keep - 60_000, keep - 1),
        inbox('boundary-processed', keep - 60_000, keep),
        inbox('recent-processed', clock.at - DAY, clock.at - DAY),
        inbox('old-failed', keep - 30 * DAY, null),
      ])
      .execute();
    const run = await server.app.get(RetentionService).purgeAll();
    expect(run.webhookInbox).toBe(1);
    const left = await handle.db.selectFrom('webhook_inbox').select('id').where('id', 'like', 'sha256:%').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['sha256:boundary-processed', 'sha256:old-failed', 'sha256:recent-processed']);
  });

  it('counts what it purged in /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (kind: string) =>
      Number(new RegExp(`^plantao_retention_purged_rows_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    // Messages: A 4 + C 1, then A 2 + C 2 the day after. Alerts: A 4 + C 1, A 1 once acknowledged, A 2 + C 1 the day after.
    expect(value('messages')).toBe(9);
    expect(value('alerts')).toBe(9);
    expect(value('webhook_inbox')).toBe(1);
    expect(text).toMatch(/^plantao_retention_last_purge_timestamp_seconds \d{10}$/m);
  });
});
