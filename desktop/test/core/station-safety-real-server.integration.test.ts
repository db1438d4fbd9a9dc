import { AlertAuditEntrySchema, PresenceResponseSchema } from '@plantao/shared';
import { api, login, PASSWORD } from '@plantao/server/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStorage } from '../../src/core/storage';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { waitFor } from '../support/wait';

/**
 * Issue #9 against the real compiled server: the station's identity and its
 * delivery receipts are what the server records (audit, presence), and the
 * counts come back to every station. The escalation itself reaching a screen
 * is covered in Chromium (desktop/test/e2e/station-escalation.e2e.test.ts).
 */
describe('receipts and presence (real server)', () => {
  let real: RealServer;

  beforeAll(async () => {
    real = await startRealServer();
  });
  afterEach(stopStations);
  afterAll(async () => {
    await real?.close();
  });

  it('each station confirms receipt under its own name; both see "delivered to 2" and 2 stations online', async () => {
    const a = testStation(real.server.url, {
      storage: createMemoryStorage(),
      station: { name: 'ENF-3A', host: 'enf-3a', appVersion: '0.1.0' },
    });
    const b = testStation(real.server.url, { storage: createMemoryStorage(), station: { name: 'ENF-3B', appVersion: '0.1.0' } });
    await a.core.login(real.tenant.nurse.email, PASSWORD);
    await b.core.login(real.tenant.nurse2.email, PASSWORD);
    await waitFor(() => a.core.store.getState().stationsOnline === 2 && b.core.store.getState().stationsOnline === 2, 'both see 2 online');

    const alert = await real.postAlert({ severity: 'high' });
    await waitFor(
      () => a.core.store.getState().alerts[alert.id]?.deliveredTo === 2 && b.core.store.getState().alerts[alert.id]?.deliveredTo === 2,
      'both see the two receipts',
    );

    const nurse = api(real.server.url, (await login(real.server.url, real.tenant.nurse.email)).accessToken);
    const audit = z.array(AlertAuditEntrySchema).parse((await nurse.get(`/api/alerts/${alert.id}/audit`)).body);
    const delivered = audit.filter((entry) => entry.action === 'delivered');
    expect(delivered.map((entry) => entry.stationName).sort()).toEqual(['ENF-3A', 'ENF-3B']);
    expect(delivered.find((entry) => entry.stationName === 'ENF-3A')?.userId).toBe(real.tenant.nurse.id);

    const presence = PresenceResponseSchema.parse((await nurse.get('/api/presence')).body);
    expect(presence.stationsOnline).toBe(2);
    expect(presence.stations.find((station) => station.name === 'ENF-3A')).toMatchObject({ host: 'enf-3a', appVersion: '0.1.0' });

    // B leaves: A is alone.
    await b.core.stop();
    await waitFor(() => a.core.store.getState().stationsOnline === 1, 'A alone', 20_000);
  });

  it('a restarted station is the same station: one receipt per alert, not two', async () => {
    const storage = createMemoryStorage();
    const first = testStation(real.server.url, { storage });
    await first.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => first.core.store.getState().connection === 'connected', 'connected');
    const alert = await real.postAlert({ severity: 'critical' });
    await waitFor(() => first.core.store.getState().alerts[alert.id]?.deliveredTo === 1, 'confirmed');
    await first.core.stop();

    // The app restarts: the catch-up replays the unacknowledged alert and confirms it again, as the same station.
    const restarted = testStation(real.server.url, { storage });
    await restarted.core.start();
    await waitFor(() => restarted.core.store.getState().connection === 'connected', 'reconnected');
    const nurse = api(real.server.url, (await login(real.server.url, real.tenant.nurse.email)).accessToken);
    await waitFor(() => restarted.core.store.getState().stationsOnline === 1, 'presence after the restart');
    await waitFor(() => restarted.log.lines.some((line) => line.msg === 'delivery receipts confirmed'), 'replay confirmed again');
    const audit = z.array(AlertAuditEntrySchema).parse((await nurse.get(`/api/alerts/${alert.id}/audit`)).body);
    expect(audit.filter((entry) => entry.action === 'delivered')).toHaveLength(1);
    expect(restarted.core.store.getState().alerts[alert.id]?.deliveredTo).toBe(1);
  });
});
