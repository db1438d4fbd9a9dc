import { formatAlertNotification } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { createAlertIntake } from './alert-intake';
import { createStationAlarms } from './station-alarms';
import { createStationPersistence } from './station-persistence';
import { createMemoryStorage } from './storage';
import { createStationStore, SeqTracker } from './store';
import { payload } from '../../test/support/alert-fixtures';
import { FakeScheduler, memoryLogger, recordingOutputs } from '../../test/support/station-fakes';

const CAP = 100;

/** The intake as create-station.ts wires it (real store, tracker, alarms and persistence), with a small cap. */
function station() {
  const scheduler = new FakeScheduler(Date.now());
  const logger = memoryLogger();
  const outputs = recordingOutputs();
  const store = createStationStore();
  const tracker = new SeqTracker();
  const storage = createMemoryStorage();
  const persistence = createStationPersistence({ storage, store, tracker, maxAlerts: CAP, scheduler, logger });
  const policy = createStationAlarms({
    store,
    outputs,
    scheduler,
    logger,
    locale: () => 'pt-BR',
    privacyMode: () => true,
    formatAlert: formatAlertNotification,
  });
  const received: string[] = [];
  const intake = createAlertIntake({
    store,
    tracker,
    policy,
    maxAlerts: CAP,
    scheduler,
    logger,
    tenantId: () => 't1',
    userId: () => 'me',
    updateHeld: () => undefined,
    escalateHeld: () => false,
    received: (ids) => void received.push(...ids),
    noteUsers: () => undefined,
    changed: () => persistence.schedule(),
    afterIngest: () => undefined,
  });
  return { scheduler, outputs, store, tracker, storage, persistence, intake };
}

/**
 * A flood of `count` alerts: most acknowledged elsewhere, every 7th read here
 * (both droppable), every 50th an unacknowledged critical one, every 30th an
 * unread high one (inside the alarm window): those two kinds must survive any bound.
 */
const flood = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const seq = i + 1;
    if (seq % 50 === 0) return payload(seq, { severity: 'critical' });
    if (seq % 30 === 0) return payload(seq, { severity: 'high' });
    // Read here but not acknowledged: droppable, and it would sound again if a replay brought it back as new.
    if (seq % 7 === 0) return payload(seq, { severity: 'high', readBy: ['me'] });
    return payload(seq, { severity: 'medium', acknowledgedBy: 'colleague', acknowledgedAt: new Date().toISOString() });
  });
const mustStay = (seq: number) => seq % 50 === 0 || seq % 30 === 0;

describe('alert intake under a flood: bounded, nothing a nurse needs dropped, nothing dropped rings again', () => {
  it('keeps the store and the persisted state at the cap, every unacknowledged critical and unread alert included', async () => {
    const { store, tracker, storage, persistence, intake } = station();
    for (const alert of flood(1_000)) intake.ingest([alert], 'live');

    const held = Object.values(store.getState().alerts);
    const needed = flood(1_000).filter((a) => mustStay(a.seq));
    expect(held.length).toBeLessThanOrEqual(CAP + needed.length);
    expect(held.length).toBeLessThan(200);
    for (const alert of needed) expect(store.getState().alerts[alert.id], alert.id).toBeDefined();
    expect(tracker.lastSeq).toBe(1_000);
    expect(store.getState().lastSeq).toBe(1_000);

    await persistence.saveNow();
    expect(storage.data?.alerts).toHaveLength(held.length);
    expect(storage.data?.lastSeq).toBe(1_000);
  });

  it('a replay of everything (a reconnect, a sync from the start) re-adds and re-rings nothing dropped, and lastSeq stays', () => {
    const { outputs, store, tracker, intake } = station();
    for (const alert of flood(600)) intake.ingest([alert], 'live');
    expect(outputs.sounds.length).toBeGreaterThan(0); // the unacknowledged ones did ring when they came
    const before = store.getState().alerts;
    outputs.clear();

    intake.ingest(flood(600), 'catch-up');
    for (let page = 0; page < 6; page++) intake.ingest(flood(600).slice(page * 100, page * 100 + 100), 'live');

    expect(outputs.sounds).toEqual([]);
    expect(outputs.notifications).toEqual([]);
    expect(Object.keys(store.getState().alerts).sort()).toEqual(Object.keys(before).sort());
    expect(tracker.lastSeq).toBe(600);
    expect(store.getState().lastSeq).toBe(600);
  });

  it('after a restart the bounded state is what comes back, and the replay still rings nothing dropped', async () => {
    const first = station();
    for (const alert of flood(500)) first.intake.ingest([alert], 'live');
    await first.persistence.saveNow();

    const second = station();
    await second.storage.save(first.storage.data!);
    await second.persistence.ensureLoaded();
    expect(Object.keys(second.store.getState().alerts).sort()).toEqual(Object.keys(first.store.getState().alerts).sort());
    expect(second.tracker.lastSeq).toBe(500);
    second.intake.ingest(flood(500), 'catch-up');
    expect(second.outputs.sounds).toEqual([]);
    expect(second.outputs.notifications).toEqual([]);
    expect(Object.keys(second.store.getState().alerts)).toHaveLength(Object.keys(first.store.getState().alerts).length);
  });
});
