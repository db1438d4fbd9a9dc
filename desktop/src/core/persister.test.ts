import { describe, expect, it } from 'vitest';
import { Persister } from './persister';
import { realScheduler } from './scheduler';
import { PERSISTED_VERSION, type PersistedStation, type StationStorage } from './storage';
import { memoryLogger } from '../../test/support/station-fakes';

/** A disk that answers only when the test says so: what a slow disk looks like during a flood. */
function slowStorage() {
  const saved: PersistedStation[] = [];
  const waiting: (() => void)[] = [];
  const storage: StationStorage = {
    load: async () => undefined,
    save: (data) =>
      new Promise<void>((resolve) => {
        saved.push(data);
        waiting.push(resolve);
      }),
    clear: async () => undefined,
  };
  const finishOne = async () => {
    waiting.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    storage,
    saved,
    finishOne,
    get inFlight() {
      return waiting.length;
    },
  };
}

const state = (lastSeq: number): PersistedStation => ({ version: PERSISTED_VERSION, lastSeq, alerts: [] });

describe('Persister: writes do not pile up behind a slow disk', () => {
  it('saves asked for during a write become one write, of the latest state', async () => {
    const disk = slowStorage();
    let lastSeq = 1;
    const persister = new Persister(disk.storage, () => state(lastSeq), realScheduler, memoryLogger());

    const first = persister.saveNow();
    await new Promise((resolve) => setImmediate(resolve));
    const later: Promise<void>[] = [];
    for (lastSeq = 2; lastSeq <= 100; lastSeq++) later.push(persister.saveNow());
    lastSeq = 100;

    // Let the disk answer as often as there were requests: writes that piled up would all show.
    for (let i = 0; i < 101; i++) await disk.finishOne();
    await first;
    await Promise.all(later);
    expect(disk.saved.map((s) => s.lastSeq)).toEqual([1, 100]);
    expect(disk.inFlight).toBe(0);
  });

  it('a save asked for after the queued write started gets a write of its own (its change is not lost)', async () => {
    const disk = slowStorage();
    let lastSeq = 1;
    const persister = new Persister(disk.storage, () => state(lastSeq), realScheduler, memoryLogger());
    const first = persister.saveNow();
    await new Promise((resolve) => setImmediate(resolve)); // the first write took its snapshot (lastSeq 1)
    lastSeq = 2;
    const second = persister.saveNow();
    await new Promise((resolve) => setImmediate(resolve));
    await disk.finishOne();
    await first;
    // The second write has taken its snapshot (lastSeq 2) and is on the disk now; a change after that needs a third.
    lastSeq = 3;
    const third = persister.saveNow();
    await disk.finishOne();
    await second;
    await disk.finishOne();
    await third;
    expect(disk.saved.map((s) => s.lastSeq)).toEqual([1, 2, 3]);
  });
});
