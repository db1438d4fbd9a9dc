import { describe, expect, it } from 'vitest';
import { realScheduler } from './scheduler';
import { createStationPersistence, originOf } from './station-persistence';
import { createMemoryStorage, PERSISTED_VERSION, type PersistedStation } from './storage';
import { createStationStore, SeqTracker } from './store';
import { stationAlert } from '../../test/support/alert-fixtures';
import { memoryLogger } from '../../test/support/station-fakes';

const user = { id: 'u1', name: 'Ana', tenantId: 't1', role: 'nurse' };

function saved(fields: Partial<PersistedStation> = {}): PersistedStation {
  return {
    version: PERSISTED_VERSION,
    tenantId: 't1',
    session: { refreshToken: 'refresh-1', user },
    lastSeq: 7,
    alerts: [stationAlert(7)],
    ...fields,
  };
}

function setup(initial: PersistedStation, serverUrl: string) {
  const storage = createMemoryStorage(initial);
  const store = createStationStore();
  const tracker = new SeqTracker();
  const logger = memoryLogger();
  const persistence = createStationPersistence({ storage, store, tracker, maxAlerts: 100, scheduler: realScheduler, logger });
  persistence.bindServer(serverUrl);
  return { storage, store, tracker, logger, persistence };
}

describe('station state bound to the server origin (issue #8)', () => {
  it('restores the session and alerts saved for the same origin, whatever the path or trailing slash', async () => {
    const { store, persistence } = setup(saved({ serverOrigin: 'https://plantao.hospital.example' }), 'https://plantao.hospital.example/');
    await persistence.ensureLoaded();
    expect(persistence.savedSession?.refreshToken).toBe('refresh-1');
    expect(Object.keys(store.getState().alerts)).toEqual(['alert-7']);
  });

  it('wipes the session and alerts saved for another origin, on disk too, and says why', async () => {
    const { storage, store, tracker, logger, persistence } = setup(
      saved({ serverOrigin: 'https://old.hospital.example' }),
      'https://plantao.hospital.example',
    );
    await persistence.ensureLoaded();
    expect(persistence.savedSession).toBeUndefined();
    expect(persistence.tenantId).toBeUndefined();
    expect(store.getState().alerts).toEqual({});
    expect(store.getState().user).toBeUndefined();
    expect(tracker.lastSeq).toBe(0);
    expect(storage.data).toEqual(expect.objectContaining({ serverOrigin: 'https://plantao.hospital.example', alerts: [], lastSeq: 0 }));
    expect(storage.data?.session).toBeUndefined();
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringMatching(/another server/),
        context: { savedOrigin: 'https://old.hospital.example', serverOrigin: 'https://plantao.hospital.example' },
      }),
    );
  });

  it('treats another port or scheme as another server', async () => {
    for (const serverUrl of ['https://plantao.hospital.example:8443', 'http://localhost:3000', '']) {
      const { persistence } = setup(saved({ serverOrigin: 'https://plantao.hospital.example' }), serverUrl);
      await persistence.ensureLoaded();
      expect(persistence.savedSession, serverUrl).toBeUndefined();
    }
  });

  it('still loads a state saved before the origin was recorded, and records it at the next save', async () => {
    const { storage, persistence } = setup(saved(), 'https://plantao.hospital.example');
    await persistence.ensureLoaded();
    expect(persistence.savedSession?.refreshToken).toBe('refresh-1');
    await persistence.saveRotation('refresh-2');
    expect(storage.data).toEqual(expect.objectContaining({ serverOrigin: 'https://plantao.hospital.example' }));
    expect(storage.data?.session?.refreshToken).toBe('refresh-2');
  });

  it('computes origins', () => {
    expect(originOf('https://Plantao.Example:443/api/')).toBe('https://plantao.example');
    expect(originOf('')).toBeUndefined();
  });
});
