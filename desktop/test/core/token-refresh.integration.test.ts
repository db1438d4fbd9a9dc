import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../server/test/support/fixtures';
import type { ConnectionStatus } from '../../src/core/ports';
import { type RealServer, startRealServer } from './real-server';
import { stopStations, testStation } from './station-harness';
import { sleep, waitFor } from './support';

describe('short-lived access tokens (ACCESS_TOKEN_TTL_SECONDS=5, real server)', () => {
  let real: RealServer;

  beforeAll(async () => {
    real = await startRealServer({ ACCESS_TOKEN_TTL_SECONDS: '5' });
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
});
