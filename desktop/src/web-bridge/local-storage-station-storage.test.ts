import { describe, expect, it } from 'vitest';
import { PERSISTED_VERSION, type PersistedStation } from '../core/storage';
import { createLocalStorageStationStorage, stationStateKey } from './local-storage-station-storage';
import { MemoryStorage, recordingLogger } from './test-support/fakes';

const saved: PersistedStation = { version: PERSISTED_VERSION, lastSeq: 7, alerts: [] };

describe('localStorage station storage', () => {
  it('keeps the state across a reload, as JSON under one key per server', async () => {
    const storage = new MemoryStorage();
    const key = stationStateKey('https://plantao.hospital.example');
    const { logger } = recordingLogger();
    await createLocalStorageStationStorage({ storage, key, logger }).save(saved);
    expect(JSON.parse(storage.getItem(key) ?? '')).toEqual(saved);
    expect(await createLocalStorageStationStorage({ storage, key, logger }).load()).toEqual(saved);
    expect(stationStateKey('http://other:3000')).not.toBe(key);
  });

  it('answers "nothing saved" for an empty or corrupt entry, and says so', async () => {
    const storage = new MemoryStorage();
    const { logger, messages } = recordingLogger();
    const station = createLocalStorageStationStorage({ storage, key: 'k', logger });
    expect(await station.load()).toBeUndefined();
    storage.setItem('k', '{"version":1,"lastSeq":');
    expect(await station.load()).toBeUndefined();
    expect(messages('error')).toEqual(['saved station state is not JSON; starting clean']);
  });

  it('clears the entry on logout', async () => {
    const storage = new MemoryStorage();
    const station = createLocalStorageStationStorage({ storage, key: 'k', logger: recordingLogger().logger });
    await station.save(saved);
    await station.clear();
    expect(storage.getItem('k')).toBeNull();
  });

  it('lets a full storage fail the save (the core logs it) instead of pretending it saved', async () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const station = createLocalStorageStationStorage({ storage, key: 'k', logger: recordingLogger().logger });
    await expect(station.save(saved)).rejects.toThrow(/quota/);
  });
});
