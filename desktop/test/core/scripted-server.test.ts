import { afterEach, describe, expect, it } from 'vitest';
import { payload } from '../support/alert-fixtures';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server';
import { stopStations, testStation } from '../support/station-harness';
import { waitFor } from '../support/wait';

describe('what the real server never does (scripted server)', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await stopStations();
    await server?.close();
  });

  it('drops and logs malformed payloads and another hospital’s alert, and keeps working', async () => {
    server = await startScriptedServer(() => undefined);
    server.syncAnswers.push([{ id: 'broken' }]); // the catch-up sync answer carries a bad alert too
    const station = testStation(server.url);
    await station.core.login('nurse@test.plantao', 'x');
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    await waitFor(() => station.log.lines.some((l) => l.msg === 'sync: invalid alerts dropped'), 'sync validated');
    const socket = server.sockets()[0]!;

    socket.emit('critical_alert', { ...payload(1), seq: 'one' });
    socket.emit('critical_alert', null);
    socket.emit('critical_alert', payload(1, { id: 'foreign', tenantId: 'another-hospital' }));
    socket.emit('alert_updated', { alertId: 42 });
    socket.emit('conversation_update', { type: 'nope' });
    socket.emit('priority_update', { patientId: 'p1', newPriority: 500 });
    socket.emit('new_patient', 'x');
    socket.emit('patient_status_change', { patientId: 'p1' });
    socket.emit('critical_alert', payload(1, { id: 'good' }));

    await waitFor(() => station.core.store.getState().alerts['good'] !== undefined, 'the valid alert');
    const state = station.core.store.getState();
    expect(Object.keys(state.alerts)).toEqual(['good']);
    expect(state.patients).toEqual({});
    expect(state.conversations).toEqual({});
    expect(state.priorities).toEqual({});
    expect(state.connection).toBe('connected');
    expect(station.notifiedAlertIds()).toEqual(['good']);
    const dropped = station.log.lines.filter((l) => l.msg === 'invalid server payload dropped').map((l) => l.context?.['event']);
    expect(dropped.sort()).toEqual(
      [
        'alert_updated',
        'conversation_update',
        'critical_alert',
        'critical_alert',
        'new_patient',
        'patient_status_change',
        'priority_update',
      ].sort(),
    );
    expect(station.log.lines.some((l) => l.msg === 'alert of another tenant dropped')).toBe(true);
  });

  it('a seq that never arrives is asked for once, then skipped, so lastSeq does not stay pinned', async () => {
    server = await startScriptedServer(() => undefined);
    server.syncAnswers.push([]); // catch-up after connect: nothing yet
    server.syncAnswers.push([payload(3)]); // gap fill: the server has 3, but 2 is gone
    const station = testStation(server.url);
    await station.core.login('nurse@test.plantao', 'x');
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the catch-up window close
    const socket = server.sockets()[0]!;
    socket.emit('critical_alert', payload(1));
    socket.emit('critical_alert', payload(3));
    await waitFor(() => station.core.store.getState().alerts['alert-3'] !== undefined, 'alert 3');
    expect(station.core.store.getState().lastSeq).toBe(1);
    await waitFor(() => station.core.store.getState().lastSeq === 3, 'gap skipped', 5_000);
    expect(station.log.lines.some((l) => l.msg === 'alerts missing from the server answer; skipped')).toBe(true);
  });

  it('a handshake refused with token_expired is retried with a refreshed token, carrying lastSeq', async () => {
    server = await startScriptedServer(
      () => undefined,
      (attempt) => (attempt === 1 ? new Error('token_expired') : undefined),
    );
    const station = testStation(server.url);
    await station.core.login('nurse@test.plantao', 'x');
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected after refresh');
    expect(server.refreshes()).toBe(1);
    expect(server.handshakes).toHaveLength(2);
    expect(server.handshakes[1]).toMatchObject({ lastSeq: 0 });
    expect(server.handshakes[1]?.['token']).not.toBe(server.handshakes[0]?.['token']);
  });

  it('a server-side disconnect (e.g. token expiry) is followed by a reconnect: Socket.io would not retry it', async () => {
    server = await startScriptedServer(() => undefined);
    const station = testStation(server.url);
    await station.core.login('nurse@test.plantao', 'x');
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    server.sockets()[0]!.disconnect(true);
    await waitFor(() => station.core.store.getState().connection !== 'connected', 'disconnected');
    await waitFor(() => station.core.store.getState().connection === 'connected', 'reconnected');
    expect(server.handshakes).toHaveLength(2);
  });
});
