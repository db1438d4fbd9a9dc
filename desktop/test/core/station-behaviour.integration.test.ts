import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login, PASSWORD, seedTenant, startTcpProxy, type TcpProxy } from '@plantao/server/test-support';
import { createMemoryStorage } from '../../src/core/storage';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { waitFor } from '../support/wait';

describe('station core against the real server', () => {
  let real: RealServer;
  let proxy: TcpProxy;

  beforeAll(async () => {
    real = await startRealServer();
    proxy = await startTcpProxy(real.server.port);
  });
  afterEach(async () => {
    await stopStations();
    proxy.restore();
    proxy.blockSocketIo(false);
  });
  afterAll(async () => {
    await proxy?.close();
    await real?.close();
  });

  it('a refused login reports a pt-BR error (English when asked) and connects nothing', async () => {
    const station = testStation(real.server.url);
    await expect(station.core.login(real.tenant.nurse.email, 'wrong password')).rejects.toThrow('E-mail ou senha inválidos.');
    expect(station.core.store.getState()).toMatchObject({ lastError: 'E-mail ou senha inválidos.', connection: 'disconnected' });
    expect(station.core.store.getState().user).toBeUndefined();

    const english = testStation(real.server.url, { locale: 'en' });
    await expect(english.core.login(real.tenant.nurse.email, 'wrong password')).rejects.toThrow('Invalid email or password.');
  });

  it('privacy mode: the notification shows initials and the bed from the alert metadata, not the name', async () => {
    const station = testStation(real.server.url, { privacyMode: () => true });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    const alert = await real.postAlert({ severity: 'critical', metadata: { bed: '12A' } });
    await waitFor(() => station.notifiedAlertIds().includes(alert.id), 'notified');
    const shown = station.outputs.notifications.find((n) => n.alertId === alert.id)!;
    expect(shown).toMatchObject({ title: 'Alerta crítico — Leito 12A', body: 'Paciente M.A.S. — Sintoma crítico', urgency: 'critical' });
    expect(JSON.stringify(shown)).not.toContain('Maria');
  });

  it('privacy mode: an alert without a bed in its metadata gets the bed from the patient list loaded at connect', async () => {
    const station = testStation(real.server.url, { privacyMode: () => true });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    const patient = real.tenant.patients[1]!;
    await waitFor(() => station.core.store.getState().patients[patient.id]?.bed === patient.bed, 'patient list');
    const alert = await real.postAlert({ severity: 'critical' }, 1);
    await waitFor(() => station.notifiedAlertIds().includes(alert.id), 'notified');
    const shown = station.outputs.notifications.find((n) => n.alertId === alert.id)!;
    expect(shown.title).toContain(`Leito ${patient.bed}`);
    expect(JSON.stringify(shown)).not.toContain('José');
  });

  it('ack and read go over the socket, and over REST when the socket is down', async () => {
    const station = testStation(proxy.url);
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    const overSocket = await real.postAlert({ severity: 'critical' });
    const overRest = await real.postAlert({ severity: 'critical' });
    await waitFor(() => station.core.store.getState().lastSeq === overRest.seq, 'both alerts');

    await station.core.markAlertRead(overSocket.id);
    expect(station.core.store.getState().alerts[overSocket.id]?.readByMe).toBe(true);
    await station.core.ackAlert(overSocket.id);
    expect(station.core.store.getState().alerts[overSocket.id]?.acknowledgedBy).toBe(real.tenant.nurse.id);

    proxy.blockSocketIo(true);
    await waitFor(() => station.core.store.getState().connection !== 'connected', 'socket down');
    await station.core.ackAlert(overRest.id);
    expect(station.core.store.getState().alerts[overRest.id]).toMatchObject({ acknowledgedBy: real.tenant.nurse.id, readByMe: true });
    expect(station.log.lines.some((l) => l.msg === 'alert action not answered on the socket; trying REST')).toBe(false);

    // The server recorded both acknowledgements.
    const nurse = await login(real.server.url, real.tenant.nurse2.email);
    const listed = await fetch(`${real.server.url}/api/alerts?afterSeq=0`, { headers: { authorization: `Bearer ${nurse.accessToken}` } });
    const alerts = (await listed.json()) as { id: string; acknowledgedBy?: string }[];
    expect(
      alerts
        .filter((a) => a.acknowledgedBy === real.tenant.nurse.id)
        .map((a) => a.id)
        .sort(),
    ).toEqual([overSocket.id, overRest.id].sort());

    // An action the server refuses is reported, not swallowed.
    proxy.blockSocketIo(false);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'reconnected', 40_000);
    await expect(station.core.ackAlert('no-such-alert')).rejects.toThrow('Não foi possível registrar a ação no servidor');
  });

  it('notifyResume reconnects at once instead of waiting out a long backoff', async () => {
    const station = testStation(proxy.url, { backoff: { minMs: 60_000, maxMs: 60_000, jitter: 0 } });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    proxy.cut();
    await waitFor(() => station.core.store.getState().connection !== 'connected', 'disconnected');
    proxy.restore();
    station.core.notifyResume();
    await waitFor(() => station.core.store.getState().connection === 'connected', 'reconnected after resume', 10_000);
  });

  it('logout stops the alarms and forgets everything; another hospital’s login on the station starts clean', async () => {
    const storage = createMemoryStorage();
    const station = testStation(real.server.url, { storage, burstIntervalMs: 500 });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    const alert = await real.postAlert({ severity: 'critical' });
    await waitFor(() => station.outputs.soundCount('alarm-high') >= 2, 'repeating');
    const signedIn = (storage.data as { session?: { refreshToken?: string } } | undefined)?.session?.refreshToken;
    expect(signedIn).toBeTruthy();

    await station.core.logout();
    const sounds = station.outputs.soundCount('alarm-high');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(station.outputs.soundCount('alarm-high')).toBe(sounds);
    expect(station.core.store.getState()).toMatchObject({ alerts: {}, lastSeq: 0, connection: 'disconnected' });
    expect(station.core.store.getState().user).toBeUndefined();
    expect(storage.data).toBeUndefined();
    // The sign-in is revoked on the server too (issue #11 logout): its refresh token no longer works.
    const refreshStatus = async () =>
      (
        await fetch(`${real.server.url}/api/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: signedIn }),
        })
      ).status;
    const deadline = Date.now() + 5_000;
    let status = await refreshStatus();
    while (status !== 401 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await refreshStatus();
    }
    expect(status).toBe(401);

    // Same station, a nurse of another hospital on the same server.
    const other = await seedTenant(real.db.url);
    await station.core.login(other.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected as the other hospital');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(station.core.store.getState().alerts[alert.id]).toBeUndefined();
    expect(station.core.store.getState().user?.tenantId).toBe(other.tenantId);
    expect(storage.data?.tenantId).toBe(other.tenantId);
  });

  it('a login to another hospital without logout still clears the previous hospital’s alerts', async () => {
    const storage = createMemoryStorage();
    const station = testStation(real.server.url, { storage });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    await waitFor(() => Object.keys(station.core.store.getState().alerts).length > 0, 'history replayed');

    const other = await seedTenant(real.db.url);
    await station.core.login(other.nurse.email, PASSWORD);
    expect(station.core.store.getState().alerts).toEqual({});
    expect(station.core.store.getState().lastSeq).toBe(0);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    expect(storage.data?.alerts.every((a) => a.tenantId === other.tenantId)).toBe(true);
  });
});
