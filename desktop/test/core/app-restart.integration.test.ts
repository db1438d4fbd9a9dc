import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '@plantao/server/test-support';
import { type RealServer, startRealServer } from '../support/real-server';
import { stopStations, tempStorageDir, testStation } from '../support/station-harness';
import { createFileStorage } from '../../src/core/file-storage';
import { memoryLogger } from '../support/station-fakes';
import { sleep, waitFor } from '../support/wait';

describe('app restart with the same data directory (real server, file storage)', () => {
  let real: RealServer;

  beforeAll(async () => {
    real = await startRealServer();
  });
  afterEach(stopStations);
  afterAll(async () => {
    await real?.close();
  });

  it('replays nothing already seen, and gets what was posted while it was down', async () => {
    const { dir, storage } = tempStorageDir();

    // First run: log in, see three alerts, acknowledge one.
    const first = testStation(real.server.url, { storage: storage() });
    await first.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => first.core.store.getState().connection === 'connected', 'first run connected');
    const seen = [
      await real.postAlert({ severity: 'critical' }),
      await real.postAlert({ severity: 'high' }, 1),
      await real.postAlert({ severity: 'critical', message: 'ainda sem confirmação' }),
    ];
    await waitFor(() => seen.every((alert) => first.notifiedAlertIds().includes(alert.id)), 'first run notified');
    await first.core.ackAlert(seen[0]!.id);
    await first.core.markAlertRead(seen[1]!.id);
    await first.core.stop();

    const persisted = JSON.parse(readFileSync(`${dir}/station-state.json`, 'utf8')) as { lastSeq: number; session?: unknown };
    expect(persisted.lastSeq).toBe(seen.at(-1)!.seq);
    expect(persisted.session).toBeDefined();

    // While the app is down.
    const missed = [
      await real.postAlert({ severity: 'critical', message: 'enquanto fechado' }),
      await real.postAlert({ severity: 'high' }, 1),
    ];

    // Second run: no login, the saved session is used.
    const second = testStation(real.server.url, { storage: storage() });
    await second.core.start();
    expect(second.core.store.getState().alerts[seen[0]!.id]?.acknowledgedBy).toBe(real.tenant.nurse.id);
    expect(second.core.store.getState().alerts[seen[1]!.id]?.readByMe).toBe(true);
    await waitFor(() => second.core.store.getState().connection === 'connected', 'second run connected');
    await waitFor(() => missed.every((alert) => second.core.store.getState().alerts[alert.id]), 'missed alerts replayed');
    await waitFor(() => second.summaries().length > 0, 'summary');

    // A live alert after the restart still gets its own notification.
    const live = await real.postAlert({ severity: 'critical', message: 'depois de reabrir' });
    await waitFor(() => second.notifiedAlertIds().includes(live.id), 'live alert');
    await sleep(500);

    const notified = second.notifiedAlertIds();
    for (const old of seen) expect(notified).not.toContain(old.id);
    expect(second.summaries()).toEqual(['2 alertas recebidos enquanto desconectado']);
    expect(notified).toEqual([live.id]);
    // One alarm for the replayed critical, one for the live one: none for the alerts seen before.
    expect(second.outputs.soundCount('alarm-high')).toBe(2);
    expect(second.core.store.getState().lastSeq).toBe(live.seq);
    expect(Object.keys(second.core.store.getState().alerts)).toHaveLength(6);
  });

  it('a station file that is valid JSON but not a station state is ignored too', async () => {
    const { dir, storage } = tempStorageDir();
    writeFileSync(`${dir}/station-state.json`, JSON.stringify({ version: 1, lastSeq: -3, alerts: [] }));
    const station = testStation(real.server.url, { storage: storage() });
    await station.core.start();
    expect(station.core.store.getState().lastSeq).toBe(0);
    expect(station.log.lines.some((line) => line.msg === 'stored station state is invalid; starting clean')).toBe(true);
  });

  it('a restart with a damaged state file starts clean instead of crashing', async () => {
    const { dir } = tempStorageDir();
    writeFileSync(`${dir}/station-state.json`, '{"version":1,"lastSeq":"oops"');
    const storageLog = memoryLogger();
    const station = testStation(real.server.url, { storage: createFileStorage(dir, { logger: storageLog }) });
    await station.core.start();
    expect(station.core.store.getState().user).toBeUndefined();
    expect(storageLog.lines.map((line) => line.level)).toEqual(['error']);
    await station.core.login(real.tenant.nurse.email, PASSWORD);
    await waitFor(() => station.core.store.getState().connection === 'connected', 'connected after a clean start');
  });
});
