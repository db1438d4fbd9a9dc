import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTcpProxy, type TcpProxy } from '@plantao/server/test-support';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, testStation } from '../support/station-harness';
import { waitFor } from '../support/wait';

describe('server crash and restart (real server, kill -9)', () => {
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

  it('raises the technical alarm, then replays what the restarted server stored, once', async () => {
    // technicalAlarmAfterMs is shortened so the test does not idle for 10 s; the rule is the same.
    const station = testStation(proxy.url, { technicalAlarmAfterMs: 2_000, technicalRepeatMs: 1_000 });
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected');
    const first = await real.postAlert({ severity: 'high' });
    await waitFor(() => station.core.store.getState().lastSeq === first.seq, 'first alert');

    await real.server.kill9();
    // The station notices the dead link itself (closed TCP connection / missed heartbeat).
    await waitFor(() => station.core.store.getState().connection !== 'connected', 'disconnect detected', 10_000);
    expect(station.core.store.getState().disconnectedSince).toBeDefined();

    // Bounded by the requirement: the technical alarm comes within 10 s of the crash.
    await waitFor(() => station.outputs.soundCount('alarm-technical') >= 1, 'technical alarm', 10_000);
    const lost = station.outputs.notifications.find((n) => n.id === 'plantao:connection');
    expect(lost).toMatchObject({ title: 'Conexão perdida com o servidor Plantão', urgency: 'critical' });
    await waitFor(() => station.outputs.soundCount('alarm-technical') >= 2, 'technical alarm repeats while down', 10_000);

    // Restart on the same database and port, keep the station's link cut while 3 alerts are stored.
    proxy.cut();
    await real.restart();
    const stored: { id: string; seq: number }[] = [];
    for (let i = 0; i < 3; i++) stored.push(await real.postAlert({ severity: 'critical', message: `crise ${i}` }));
    proxy.restore();

    await waitFor(() => station.core.store.getState().connection === 'connected', 'reconnected', 20_000);
    await waitFor(() => stored.every((alert) => station.core.store.getState().alerts[alert.id]), 'replayed', 10_000);
    await waitFor(() => station.outputs.notifications.some((n) => n.title === 'Conexão restabelecida'), 'restored notice');
    expect(station.core.store.getState().lastSeq).toBe(stored.at(-1)!.seq);
    expect(station.summaries()).toEqual(['3 alertas recebidos enquanto desconectado']);
    const added = station.log.lines
      .filter((line) => line.msg === 'alerts received')
      .flatMap((line) => (line.context?.['added'] as string[] | undefined) ?? []);
    for (const alert of [first, ...stored]) expect(added.filter((id) => id === alert.id)).toHaveLength(1);

    // The technical alarm stopped with the reconnect.
    const technical = station.outputs.soundCount('alarm-technical');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(station.outputs.soundCount('alarm-technical')).toBe(technical);
  });
});
