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

function setup(initial: PersistedStation | undefined, serverUrl: string, hostStationId?: string) {
  const storage = createMemoryStorage(initial);
  const store = createStationStore();
  const tracker = new SeqTracker();
  const logger = memoryLogger();
  const persistence = createStationPersistence({
    storage,
    store,
    tracker,
    maxAlerts: 100,
    scheduler: realScheduler,
    logger,
    hostStationId,
  });
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

describe('the station id (issue #9): one per installation', () => {
  it('is made once and saved, then read back at the next start', async () => {
    const first = setup(undefined, 'https://plantao.hospital.example');
    await first.persistence.ensureLoaded();
    const id = first.persistence.stationId;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await first.persistence.flush();
    expect(first.storage.data?.stationId).toBe(id);

    const restarted = setup(first.storage.data, 'https://plantao.hospital.example');
    await restarted.persistence.ensureLoaded();
    expect(restarted.persistence.stationId).toBe(id);
  });

  it('survives a move to another server (only the hospital’s data is wiped)', async () => {
    const { storage, persistence } = setup(
      saved({ serverOrigin: 'https://old.hospital.example', stationId: 'pc-7' }),
      'https://new.example',
    );
    await persistence.ensureLoaded();
    expect(persistence.stationId).toBe('pc-7');
    expect(storage.data?.stationId).toBe('pc-7');
    expect(storage.data?.session).toBeUndefined();
  });

  it('is kept in memory across a logout, which still leaves nothing on disk', async () => {
    const { storage, persistence } = setup(saved({ stationId: 'pc-7' }), 'https://plantao.hospital.example');
    await persistence.ensureLoaded();
    await persistence.forgetAll();
    expect(storage.data).toBeUndefined();
    expect(persistence.stationId).toBe('pc-7');
    await persistence.saveLogin({ refreshToken: 'r', user });
    expect(storage.data?.stationId).toBe('pc-7');
  });

  it('the host’s own id wins over the saved one; an invalid saved one is replaced', async () => {
    const hosted = setup(saved({ stationId: 'pc-7' }), 'https://plantao.hospital.example', 'host-id');
    await hosted.persistence.ensureLoaded();
    expect(hosted.persistence.stationId).toBe('host-id');

    const broken = setup(saved({ stationId: ' padded ' }), 'https://plantao.hospital.example');
    await broken.persistence.ensureLoaded();
    expect(broken.persistence.stationId).toMatch(/^[0-9a-f]{32}$/);
  });
});
