import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IpcErrorCode } from '@plantao/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, login, openDatabase, PASSWORD } from '@plantao/server/test-support';
import { StationError } from '../../src/core/station-error';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { waitFor } from '../support/wait';

/** The code a failed core call rejected with (`undefined` if it resolved or threw something else). */
async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return error instanceof StationError ? error.code : undefined;
}

/**
 * What the station screens ask of the core (issue #7), against the real
 * server: sign-in failures the nurse can act on, the worklist, conversations,
 * colleagues' names, audit, and old alerts listed for review but not rung.
 */
describe('station core for the screens (real server)', () => {
  let real: RealServer;

  beforeAll(async () => {
    real = await startRealServer();
  });
  afterEach(stopStations);
  afterAll(async () => {
    await real?.close();
  });

  it('tells a wrong password from an unreachable server, and changes nothing', async () => {
    const station = testStation(real.server.url);
    expect(await codeOf(station.core.login(real.tenant.nurse.email, 'not-the-password'))).toBe(IpcErrorCode.LoginRefused);
    expect(station.core.store.getState().user).toBeUndefined();

    const closedPort = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const nowhere = testStation(`http://127.0.0.1:${closedPort}`);
    expect(await codeOf(nowhere.core.login(real.tenant.nurse.email, PASSWORD))).toBe(IpcErrorCode.ServerUnreachable);
  });

  it('says "too many attempts", not "unreachable", once the server throttles sign-ins (429)', async () => {
    // The admin account is used by no other test here: its block lasts the server's window.
    const station = testStation(real.server.url);
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 11; attempt++) codes.push(await codeOf(station.core.login(real.tenant.admin.email, 'wrong-password')));
    expect(codes.slice(0, 10).every((code) => code === IpcErrorCode.LoginRefused)).toBe(true);
    expect(codes[10]).toBe(IpcErrorCode.TooManyAttempts);
    expect(station.core.store.getState().lastError).toMatch(/tentativas/);
  });

  it('says "certificate" when the server\'s TLS certificate is not trusted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plantao-tls-'));
    let server: Server | undefined;
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=127.0.0.1',
          '-days',
          '1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) =>
        res.end('{}'),
      );
      server = tls;
      const port = await new Promise<number>((resolve) =>
        tls.listen(0, '127.0.0.1', () => resolve((tls.address() as { port: number }).port)),
      );
      const station = testStation(`https://127.0.0.1:${port}`);
      expect(await codeOf(station.core.login(real.tenant.nurse.email, PASSWORD))).toBe(IpcErrorCode.CertificateError);
      expect(station.core.store.getState().lastError).toMatch(/certificado/);
    } finally {
      server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("knows colleagues' names and the hospital's alarm window after signing in", async () => {
    const station = testStation(real.server.url);
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => Object.keys(station.core.store.getState().staff).length >= 4, 'staff names');
    const staff = station.core.store.getState().staff;
    expect(staff[real.tenant.nurse2.id]).toMatch(/^nurse /);
    expect(station.core.store.getState().config).toEqual({ alarmWindowHours: 12, timeZone: 'America/Sao_Paulo' });
  });

  it('lists patients by priority, and works a conversation: messages, assume, resolve, refused reply, audit by name', async () => {
    const station = testStation(real.server.url);
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');

    // Alerts raise the second patient's priority above the first's.
    const alert = await real.postAlert({ severity: 'critical' }, 1);
    const patients = await station.core.listPatients();
    expect(patients.map((p) => p.id)).toEqual([real.tenant.patients[1]!.id, real.tenant.patients[0]!.id]);
    expect(patients[0]!.priority).toBeGreaterThan(patients[1]!.priority ?? 0);

    const agent = api(real.server.url, (await login(real.server.url, real.tenant.agent.email)).accessToken);
    const patient = real.tenant.patients[0]!;
    const ingested = await agent.post('/api/conversations/messages', {
      messageId: 'msg-screens-1',
      conversationId: 'conv-screens-1',
      patientId: patient.id,
      content: 'Estou com tosse desde ontem',
      sender: 'patient',
    });
    expect(ingested.status).toBe(201);
    await station.core.subscribePatient(patient.id);

    const conversation = (await station.core.listConversations()).find((c) => c.patientId === patient.id);
    expect(conversation).toBeDefined();
    const messages = await station.core.getConversationMessages(conversation!.id);
    expect(messages.map((m) => [m.sender, m.content])).toEqual([['patient', 'Estou com tosse desde ontem']]);

    await station.core.assumeConversation(conversation!.id);
    await waitFor(
      () => (station.core.store.getState().conversations[conversation!.id] ?? []).some((u) => u.type === 'conversation_assumed'),
      'assumed update',
    );
    // An agent-fed conversation has no WhatsApp contact: the server refuses the reply, and the nurse is told.
    expect(await codeOf(station.core.replyToConversation(conversation!.id, 'Vamos ligar para você'))).toBe(IpcErrorCode.Refused);
    await station.core.resolveConversation(conversation!.id);
    expect((await station.core.listConversations()).find((c) => c.id === conversation!.id)?.status).toBe('resolved');
    await station.core.unsubscribePatient(patient.id);

    await waitFor(() => station.core.store.getState().alerts[alert.id] !== undefined, 'alert');
    await station.core.ackAlert(alert.id);
    const audit = await station.core.getAlertAudit(alert.id);
    expect(audit.find((row) => row.action === 'ack')?.userName).toBe(station.core.store.getState().staff[real.tenant.nurse.id]);
  });

  it('lists an unacknowledged critical alert older than the alarm window for review, without ringing; a new one rings', async () => {
    const old = await real.postAlert({ severity: 'critical', message: 'Febre ontem à noite' });
    const { db } = openDatabase(real.db.url);
    try {
      const thirteenHoursAgo = new Date(Date.now() - 13 * 3_600_000).toISOString();
      await db.updateTable('alerts').set({ created_at: thirteenHoursAgo }).where('id', '=', old.id).execute();
    } finally {
      await db.destroy();
    }

    const station = testStation(real.server.url, { burstIntervalMs: 500 });
    await station.core.login(real.tenant.nurse2.email, PASSWORD);
    await waitFor(() => station.core.store.getState().alerts[old.id] !== undefined, 'old alert listed');
    expect(station.core.store.getState().alerts[old.id]?.historical).toBe(true);
    expect(station.core.store.getState().alerts[old.id]?.acknowledgedBy).toBeUndefined();

    const fresh = await real.postAlert({ severity: 'critical', message: 'Falta de ar agora' });
    await waitFor(() => station.notifiedAlertIds().includes(fresh.id), 'new alert notified');
    await waitFor(() => station.outputs.soundCount('alarm-high') >= 2, 'new alert repeats');
    expect(station.core.store.getState().alerts[fresh.id]?.historical).toBeUndefined();
    expect(station.notifiedAlertIds()).not.toContain(old.id);
  });
});
