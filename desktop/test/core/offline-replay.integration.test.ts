import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTcpProxy, type TcpProxy } from '@plantao/server/test-support';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { waitFor } from '../support/wait';

describe('a station offline while alerts are raised (real server)', () => {
  let real: RealServer;
  let proxy: TcpProxy;

  beforeAll(async () => {
    real = await startRealServer();
    proxy = await startTcpProxy(real.server.port);
  });
  afterEach(stopStations);
  afterAll(async () => {
    await proxy?.close();
    await real?.close();
  });

  it('gets all 5 exactly once on reconnect, summarised in one notification; critical ones still alarm', async () => {
    const station = testStation(proxy.url, { burstIntervalMs: 1_500 });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    const before = await real.postAlert({ severity: 'medium' });
    await waitFor(() => station.core.store.getState().lastSeq === before.seq, 'first alert');
    station.outputs.clear();

    proxy.cut();
    await waitFor(() => station.core.store.getState().connection !== 'connected', 'disconnect noticed');
    const missed: { id: string; seq: number }[] = [];
    for (const severity of ['critical', 'high', 'critical', 'medium', 'high'] as const) {
      missed.push(await real.postAlert({ severity }, missed.length % 2));
    }
    proxy.restore();

    await waitFor(() => missed.every((alert) => station.core.store.getState().alerts[alert.id]), 'all 5 replayed');
    await waitFor(() => station.summaries().length > 0, 'summary notification');
    const state = station.core.store.getState();
    expect(state.lastSeq).toBe(missed.at(-1)!.seq);
    expect(Object.keys(state.alerts)).toHaveLength(6);

    // One summary, counting the 4 that need attention (critical + high; medium is badge-only).
    expect(station.summaries()).toEqual(['4 alertas recebidos enquanto desconectado']);
    expect(station.notifiedAlertIds().filter((id) => missed.some((alert) => alert.id === id))).toEqual([]);
    expect(station.outputs.soundCount('alarm-high')).toBe(1);

    // The unacknowledged critical ones keep repeating…
    await waitFor(() => station.outputs.soundCount('alarm-high') >= 2, 'critical repeat');
    // …and each alert was taken in exactly once (replay and sync both delivered them).
    const added = station.log.lines
      .filter((line) => line.msg === 'alerts received')
      .flatMap((line) => (line.context?.['added'] as string[] | undefined) ?? []);
    for (const alert of missed) expect(added.filter((id) => id === alert.id)).toHaveLength(1);
    expect(station.outputs.soundCount('alarm-technical')).toBe(0);
  });
});
