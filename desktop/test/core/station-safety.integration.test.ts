import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/core/storage';
import { payload } from '../support/alert-fixtures';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server';
import { stopStations, testStation } from '../support/station-harness';
import { sleep, waitFor } from '../support/wait';

/**
 * Issue #9 on the station side, over a real Socket.io link to a scripted
 * server (it sends `alert_escalated` and `presence_update` and records
 * `alert_delivered` whatever the real server's state): the station says who it
 * is, confirms every alert it takes in, rings louder for an escalation and
 * knows how many stations are online.
 */
describe('clinical safety at the station (scripted server)', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await stopStations();
    await server?.close();
  });

  const connected = (station: ReturnType<typeof testStation>) =>
    waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
  /** The catch-up window after a connect closes once the (empty) sync is answered. */
  const settled = () => sleep(150);
  const deliveredIds = () => server!.delivered.flat();

  it('says who it is in every handshake: the same id on a reconnect and after a restart', async () => {
    server = await startScriptedServer(() => undefined);
    const storage = createMemoryStorage();
    const identity = { name: 'ENF-3A', host: 'enf-3a.hospital.local', appVersion: '0.1.0' };
    const station = testStation(server.url, { storage, station: identity });
    await station.core.login('nurse@test.plantao', 'x');
    await connected(station);
    server.sockets()[0]!.disconnect(true);
    await waitFor(() => server!.handshakes.length === 2, 'reconnected');
    const first = server.handshakes[0]?.['station'] as Record<string, unknown>;
    expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), ...identity });
    expect(server.handshakes[1]?.['station']).toEqual(first);

    // The app restarts: a new core over the same saved state is the same station.
    await station.core.stop();
    const restarted = testStation(server.url, { storage, station: identity });
    await restarted.core.start();
    await waitFor(() => server!.handshakes.length === 3, 'handshake after the restart');
    expect(server.handshakes[2]?.['station']).toEqual(first);
  });

  it('confirms replayed, synced and live alerts with alert_delivered, each once', async () => {
    server = await startScriptedServer((socket) => {
      // The handshake replay (lastSeq 0): alerts 1 and 2.
      socket.emit('critical_alert', payload(1));
      socket.emit('critical_alert', payload(2, { severity: 'low' }));
    });
    server.syncAnswers.push([payload(1), payload(2, { severity: 'low' }), payload(3, { severity: 'medium' })]);
    const station = testStation(server.url);
    await station.core.login('nurse@test.plantao', 'x');
    await connected(station);
    await waitFor(() => deliveredIds().length >= 3, 'replay and sync confirmed');
    server.sockets()[0]!.emit('critical_alert', payload(4));
    await waitFor(() => deliveredIds().includes('alert-4'), 'live alert confirmed');
    await sleep(400);
    expect(deliveredIds().sort()).toEqual(['alert-1', 'alert-2', 'alert-3', 'alert-4']);
    // Another hospital's alert is dropped, so never confirmed.
    server.sockets()[0]!.emit('critical_alert', payload(5, { id: 'foreign', tenantId: 'another-hospital' }));
    await sleep(400);
    expect(deliveredIds()).not.toContain('foreign');
  });

  it('a receipt the server did not confirm is sent again after the reconnect', async () => {
    server = await startScriptedServer(() => undefined);
    server.answerDelivered = () => ({ status: 'error', code: 'forbidden', message: 'not now' });
    const station = testStation(server.url);
    await station.core.login('nurse@test.plantao', 'x');
    await connected(station);
    await settled();
    server.sockets()[0]!.emit('critical_alert', payload(1));
    await waitFor(() => server!.delivered.length === 1, 'first attempt');
    await sleep(300);
    expect(server.delivered).toEqual([['alert-1']]);

    server.answerDelivered = () => ({ status: 'ok' });
    server.sockets()[0]!.disconnect(true);
    await waitFor(() => server!.delivered.length === 2, 'sent again after the reconnect');
    expect(server.delivered).toEqual([['alert-1'], ['alert-1']]);
    await sleep(300);
    expect(server.delivered).toHaveLength(2);
  });

  it('alert_escalated: louder alarm more often, "ESCALADO" notification, level in the store; acknowledging stops it', async () => {
    server = await startScriptedServer(() => undefined);
    const station = testStation(server.url, { burstIntervalMs: 60_000, escalatedRepeatMs: 300 });
    await station.core.login('nurse@test.plantao', 'x');
    await connected(station);
    await settled();
    const socket = server.sockets()[0]!;
    socket.emit('critical_alert', payload(1, { metadata: { bed: '12' } }));
    await waitFor(() => station.outputs.soundCount('alarm-high') === 1, 'critical alarm');

    socket.emit('alert_escalated', {
      alertId: 'alert-1',
      seq: 1,
      level: 1,
      reason: 'ack_timeout',
      escalatedAt: '2025-01-01T10:02:00.000Z',
    });
    await waitFor(() => station.outputs.soundCount('alarm-escalated') >= 3, 'louder and more often');
    expect(station.core.store.getState().alerts['alert-1']).toMatchObject({ escalationLevel: 1, escalatedAt: '2025-01-01T10:02:00.000Z' });
    const escalated = station.outputs.notifications.filter((n) => n.alertId === 'alert-1').at(-1);
    expect(escalated).toMatchObject({ id: 'alert-1', title: 'ESCALADO — Alerta crítico — Leito 12', urgency: 'critical' });

    // Level 2: the hospital's on-call staff were called too.
    socket.emit('alert_escalated', {
      alertId: 'alert-1',
      seq: 1,
      level: 2,
      reason: 'external_timeout',
      escalatedAt: '2025-01-01T10:05:00.000Z',
    });
    await waitFor(() => station.core.store.getState().alerts['alert-1']?.escalationLevel === 2, 'level 2');
    expect(station.outputs.notifications.at(-1)?.title).toBe('ESCALADO (plantão externo avisado) — Alerta crítico — Leito 12');

    // Acknowledged at another station: the alarm stops.
    socket.emit('alert_updated', {
      alertId: 'alert-1',
      seq: 1,
      readBy: ['u2'],
      acknowledgedBy: 'u2',
      acknowledgedAt: '2025-01-01T10:06:00.000Z',
    });
    await waitFor(() => station.core.store.getState().alerts['alert-1']?.acknowledgedBy === 'u2', 'acknowledged');
    const sounds = station.outputs.sounds.length;
    await sleep(800);
    expect(station.outputs.sounds.length).toBe(sounds);
    // A late escalation of an acknowledged alert is recorded, never rung.
    socket.emit('alert_escalated', {
      alertId: 'alert-1',
      seq: 1,
      level: 2,
      reason: 'external_timeout',
      escalatedAt: '2025-01-01T10:07:00.000Z',
    });
    await sleep(300);
    expect(station.outputs.sounds.length).toBe(sounds);
  });

  it('a station that was away takes the escalation from the replay, and rings it louder', async () => {
    server = await startScriptedServer(() => undefined);
    const station = testStation(server.url, { burstIntervalMs: 60_000, escalatedRepeatMs: 300 });
    await station.core.login('nurse@test.plantao', 'x');
    await connected(station);
    await settled();
    server.sockets()[0]!.emit('critical_alert', payload(1));
    await waitFor(() => station.outputs.soundCount('alarm-high') === 1, 'critical alarm');
    // Offline while the server escalated: the reconnect's sync carries the level.
    server.syncAnswers.push([payload(1, { escalationLevel: 1, escalatedAt: '2025-01-01T10:02:00.000Z', deliveredTo: 2 })]);
    server.sockets()[0]!.disconnect(true);
    await waitFor(() => station.core.store.getState().alerts['alert-1']?.escalationLevel === 1, 'escalation from the sync');
    expect(station.core.store.getState().alerts['alert-1']?.deliveredTo).toBe(2);
    await waitFor(() => station.outputs.soundCount('alarm-escalated') >= 2, 'louder alarm');
  });

  it('presence_update: how many stations are online, unknown again while disconnected; a bad one is dropped', async () => {
    server = await startScriptedServer((socket) => socket.emit('presence_update', { stationsOnline: 1 }));
    const station = testStation(server.url);
    expect(station.core.store.getState().stationsOnline).toBeUndefined();
    await station.core.login('nurse@test.plantao', 'x');
    await waitFor(() => station.core.store.getState().stationsOnline === 1, 'presence on connect');
    server.sockets()[0]!.emit('presence_update', { stationsOnline: 3 });
    await waitFor(() => station.core.store.getState().stationsOnline === 3, 'presence change');
    server.sockets()[0]!.emit('presence_update', { stationsOnline: -1 });
    await waitFor(
      () => station.log.lines.some((l) => l.msg === 'invalid server payload dropped' && l.context?.['event'] === 'presence_update'),
      'dropped',
    );
    expect(station.core.store.getState().stationsOnline).toBe(3);

    await server.close();
    server = undefined;
    await waitFor(() => station.core.store.getState().connection === 'disconnected', 'disconnected');
    expect(station.core.store.getState().stationsOnline).toBeUndefined();
  });
});
