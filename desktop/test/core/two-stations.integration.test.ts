import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '@plantao/server/test-support';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { sleep, waitFor } from '../support/wait';

describe('two stations of one hospital (real server)', () => {
  let real: RealServer;

  beforeAll(async () => {
    real = await startRealServer();
  });
  afterEach(stopStations);
  afterAll(async () => {
    await real?.close();
  });

  it('both alarm on a critical alert; an ack at one stops the repeating alarm at both', async () => {
    const a = testStation(real.server.url, { burstIntervalMs: 800 });
    const b = testStation(real.server.url, { burstIntervalMs: 800 });
    await a.core.login(real.tenant.nurse.email, PASSWORD);
    await b.core.login(real.tenant.nurse2.email, PASSWORD);
    await waitFor(
      () => a.core.store.getState().connection === 'connected' && b.core.store.getState().connection === 'connected',
      'both connected',
    );

    const alert = await real.postAlert({ severity: 'critical' });
    await waitFor(() => a.notifiedAlertIds().includes(alert.id) && b.notifiedAlertIds().includes(alert.id), 'both notified');
    expect(a.outputs.notifications.find((n) => n.alertId === alert.id)?.urgency).toBe('critical');

    // Repeats: at least two more bursts at each station.
    await waitFor(() => a.outputs.soundCount('alarm-high') >= 3 && b.outputs.soundCount('alarm-high') >= 3, 'repeating alarms');

    await b.core.ackAlert(alert.id);
    await waitFor(() => a.core.store.getState().alerts[alert.id]?.acknowledgedBy === real.tenant.nurse2.id, 'ack reaches station A');
    expect(b.core.store.getState().alerts[alert.id]?.acknowledgedBy).toBe(real.tenant.nurse2.id);

    const soundsA = a.outputs.soundCount('alarm-high');
    const soundsB = b.outputs.soundCount('alarm-high');
    await sleep(2_500); // three burst intervals
    expect(a.outputs.soundCount('alarm-high')).toBe(soundsA);
    expect(b.outputs.soundCount('alarm-high')).toBe(soundsB);
    expect(a.core.store.getState().lastSeq).toBe(alert.seq);
  });
});
