import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileStorage } from '../core/file-storage';
import { PERSISTED_VERSION, type PersistedStation } from '../core/storage';
import { createSecretStorage, ENCRYPTED_TOKEN_PREFIX } from './secret-storage';
import { safeStorage } from '../../test/support/fake-electron';
import { memoryLogger } from '../../test/support/station-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const state: PersistedStation = {
  version: PERSISTED_VERSION,
  tenantId: 't1',
  serverOrigin: 'https://plantao.hospital.example',
  session: { refreshToken: 'refresh-secret-123', user: { id: 'u1', name: 'Ana', tenantId: 't1', role: 'nurse' } },
  lastSeq: 3,
  alerts: [],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plantao-secret-'));
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(platform: NodeJS.Platform = 'linux') {
  const file = createFileStorage(dir);
  const logger = memoryLogger();
  return { file, logger, storage: createSecretStorage(file, { logger, platform }) };
}

describe('refresh token encrypted with the OS key store (issue #8)', () => {
  it('never writes the token in clear text, and reads it back', async () => {
    const { file, storage } = open();
    await storage.save(state);
    const text = readFileSync(file.path, 'utf8');
    expect(text).not.toContain('refresh-secret-123');
    const onDisk = JSON.parse(text) as PersistedStation;
    expect(onDisk.session?.refreshToken.startsWith(ENCRYPTED_TOKEN_PREFIX)).toBe(true);
    expect(onDisk.session?.user.name).toBe('Ana');
    expect(await storage.load()).toEqual(state);
    expect(await open().storage.load()).toEqual(state);
  });

  it('keeps the token plaintext without a key store, warns once, and still loads it', async () => {
    safeStorage.available = false;
    const { file, logger, storage } = open();
    await storage.save(state);
    await storage.save({ ...state, lastSeq: 4 });
    expect(readFileSync(file.path, 'utf8')).toContain('refresh-secret-123');
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(await storage.load()).toEqual({ ...state, lastSeq: 4 });
  });

  it("treats Linux's basic_text fallback (a hard-coded password) as no key store", async () => {
    safeStorage.backend = 'basic_text';
    const { file, storage } = open('linux');
    await storage.save(state);
    expect(readFileSync(file.path, 'utf8')).toContain('refresh-secret-123');
  });

  it('encrypts a plaintext token saved by an older version at the next save', async () => {
    await createFileStorage(dir).save(state);
    const { file, storage } = open();
    const loaded = (await storage.load()) as PersistedStation;
    expect(loaded.session?.refreshToken).toBe('refresh-secret-123');
    await storage.save(loaded);
    expect(readFileSync(file.path, 'utf8')).not.toContain('refresh-secret-123');
  });

  it('drops only the session when the token cannot be decrypted (another user, reset keyring)', async () => {
    const { file, logger, storage } = open();
    await file.save({ ...state, session: { ...state.session!, refreshToken: `${ENCRYPTED_TOKEN_PREFIX}bm90LWNpcGhlcnRleHQ=` } });
    const loaded = (await storage.load()) as PersistedStation;
    expect(loaded.session).toBeUndefined();
    expect(loaded.tenantId).toBe('t1');
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/cannot be decrypted/) }));

    await storage.save(state);
    safeStorage.available = false;
    expect(((await storage.load()) as PersistedStation).session).toBeUndefined();
  });

  it('passes through a missing file and clears', async () => {
    const { file, storage } = open();
    expect(await storage.load()).toBeUndefined();
    await storage.save(state);
    await storage.clear();
    expect(await file.load()).toBeUndefined();
  });
});
