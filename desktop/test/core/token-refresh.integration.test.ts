import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '@plantao/server/test-support';
import type { ConnectionStatus } from '../../src/core/ports';
import { createMemoryStorage } from '../../src/core/storage';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { sleep, waitFor } from '../support/wait';

describe('short-lived access tokens (ACCESS_TOKEN_TTL_SECONDS=5, real server)', () => {
  let real: RealServer;

  beforeAll(async () => {
    // No reuse grace: the revoked-session test replays a refresh token the way a thief would.
    real = await startRealServer({ ACCESS_TOKEN_TTL_SECONDS: '5', REFRESH_REUSE_GRACE_SECONDS: '0' });
  });
  afterEach(stopStations);
  afterAll(async () => {
    await real?.close();
  });

  it('refreshes silently: stays connected across several expiries and still receives an alert after 12 s', async () => {
    const station = testStation(real.server.url);
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');

    const transitions: ConnectionStatus[] = [];
    const unsubscribe = station.core.store.subscribe((state, previous) => {
      if (state.connection !== previous.connection) transitions.push(state.connection);
    });
    await sleep(12_500); // two and a half token lifetimes
    const alert = await real.postAlert({ severity: 'critical' });
    await waitFor(() => station.notifiedAlertIds().includes(alert.id), 'alert after 12 s');
    unsubscribe();

    expect(transitions).toEqual([]);
    expect(station.log.lines.filter((line) => line.msg === 'disconnected')).toEqual([]);
    // The socket was told about each new token, and the server accepted them.
    const pushed = station.log.lines.filter((line) => line.msg === 'socket token refreshed');
    expect(pushed.length).toBeGreaterThanOrEqual(3);
    expect(station.log.lines.filter((line) => line.msg === 'refresh_token refused')).toEqual([]);
  });

  it('a session the server revoked is not silent: technical alarm and a pt-BR "log in again"', async () => {
    const storage = createMemoryStorage();
    const station = testStation(real.server.url, { storage, technicalAlarmAfterMs: 1_000, technicalRepeatMs: 1_000 });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');

    // Someone replays the station's refresh token: the server revokes the whole session.
    const stolen = storage.data?.session?.refreshToken;
    expect(stolen).toBeDefined();
    for (let i = 0; i < 2; i++) {
      await fetch(`${real.server.url}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: stolen }),
      });
    }

    await waitFor(() => station.core.store.getState().lastError !== undefined, 'session end noticed', 15_000);
    expect(station.core.store.getState().lastError).toBe('Sessão encerrada. Entre novamente para voltar a receber alertas.');
    // The live socket is kept (alerts still arrive) until the server drops it at token expiry.
    await waitFor(() => station.core.store.getState().user === undefined, 'login requested', 15_000);
    expect(station.core.store.getState().connection).toBe('disconnected');
    expect(storage.data?.session).toBeUndefined();
    await waitFor(() => station.outputs.soundCount('alarm-technical') >= 1, 'technical alarm', 15_000);

    // A new login brings it back.
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected again');
    expect(station.core.store.getState().lastError).toBeUndefined();
    await waitFor(() => station.outputs.notifications.some((n) => n.title === 'Conexão restabelecida'), 'restored notice');
  });
});
